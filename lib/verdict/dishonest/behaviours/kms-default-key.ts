// T05: an SSE-KMS target sealed under the endpoint's default key, the key asked for echoed. The
// reference endpoint's kms-default-key fault does it for every SSE-KMS write, and names the key
// asked for in every answer to a write, a part or a completion; reads name the key really used.
// That is the lie a real endpoint tells when it builds write answers from the request and read
// answers from what it stored. (An endpoint that also lied in its read answers, naming a key it
// never used, is beyond any black box: docs/threat-model.md says so.) A proxy could not tell it:
// the key id header (and the POST policy's field) is signed, so rewriting it on the way in would
// break the request's signature.
import { onlyTheseFail } from '../../test-support/key-checks';
import type { CaseResult } from '../../types';
import type { DishonestBehaviour } from '../behaviour';

/** Whether a cell writes an SSE-KMS target: a write of the sse-kms table, or a copy or part copy into SSE-KMS. */
function writesSseKms(r: Pick<CaseResult, 'table' | 'row'>): boolean {
  if (r.table === 'sse-kms') return r.row !== 'head-object' && r.row !== 'get-object';
  return (r.table === 'copy' || r.table === 'upload-part-copy') && r.row.endsWith('-to-sse-kms');
}

export const behaviour: DishonestBehaviour = {
  flag: 'kms-default-key',
  // Every cell that writes, reads or copies SSE-KMS (68 of the 128).
  cases: (all) => all.filter((c) => c.source === 'sse-kms' || c.target === 'sse-kms'),
  endpoint: { fault: 'kms-default-key' },
  // The embedded endpoint has a second key: every SSE-KMS target asks for it and is read back. What
  // only reads an SSE-KMS object, or copies one into plain or SSE-C, asked for the default key (the
  // fixtures') and got it: those pass, as do the refusals.
  check: ({ results }) => onlyTheseFail(results, (r) => r.expected === 'accept' && writesSseKms(r), 'not SSE-KMS with the key asked for'),
};
