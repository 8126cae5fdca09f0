import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor } from '../cli/exit-code';
import { Engine } from '../engine/engine';
import { createUpload } from '../engine/trusted-ops';
import { expandProfile } from '../matrix/expand';
import type { Case } from '../matrix/types';
import { loadProfile } from '../profile/load';
import { summarize } from '../report/summarize';
import { runAgainst } from '../self-check/run-against';
import type { CaseResult } from '../verdict/types';
import { startS3rver, type S3rverPeer } from './s3rver';

// Negative control: s3rver 3.7.1 implements no server-side encryption. It takes every SSE header
// (SSE-C, SSE-KMS, copy-source SSE-C) without a word, echoes none of them and stores plaintext,
// over HTTP as over HTTPS. Whatever else happens, no cell that involves encryption may pass.
//
// What s3rver does, found with these runs (see also README "Running against your endpoint"):
// - Signature V4 is never verified: any Authorization header with a known access key id and an
//   x-amz-content-sha256 header passes. So V4 cells exercise only its (absent) SSE handling.
// - Signature V2 is verified, wrongly: for header-signed requests its string-to-sign has an empty
//   Date line although the request carries `Date:` (AWS puts the Date value there). Every V2
//   request the harness signs (correctly: radosgw and the reference endpoint accept them) gets
//   403 SignatureDoesNotMatch. Its `allowMismatchedSignatures` switch turns that check off.
// - POST Object: the policy, its signature and AWSAccessKeyId fields are ignored; the request is
//   authenticated only by an Authorization header if one is sent (none: anonymous, accepted).
// - Multipart: initiate, upload part and complete work; ListParts and Abort answer 405
//   MethodNotAllowed, ListMultipartUploads 501 NotImplemented. An open upload keeps every request
//   header of its initiate on disk, the SSE-C key and the Authorization header included.
// - Copy (PUT with x-amz-copy-source) copies bytes and metadata, ignoring every SSE header.
// - Upload Part - Copy is not implemented: 501 NotImplemented ("A header you provided implies
//   functionality that is not implemented"), checked after authentication.
// - The harness's cleanup lists multipart uploads first; that is 501 here, so it cannot run and
//   runAgainst reports leftovers -1 ("could not count"). close() removes the data directory.

jest.setTimeout(60_000);

const cases = expandProfile(loadProfile('obs'));
const byId = new Map(cases.map((c) => [c.id, c]));

/** A cell involves encryption when what it writes, reads or copies from is not plain. */
function involvesEncryption(c: Case): boolean {
  return c.target !== 'plain' || (c.source !== null && c.source !== 'plain');
}

type Outcome = { verdict: CaseResult['verdict']; severity?: string; inconclusive?: boolean };

/**
 * What each cell must come to on s3rver, and why.
 * v2Refused: s3rver as it ships, refusing the harness's (correct) V2 signatures.
 */
function expectedOn(c: Case, v2Refused: boolean): Outcome {
  // POST Object carries no Authorization header (its policy fields authenticate it) and s3rver ignores
  // POST policies entirely, so its broken V2 check never sees a POST.
  // Its SignatureDoesNotMatch document echoes the string to sign, SSE-C key header included: an
  // answer carrying the customer's key is an exposure (HEAD answers have no body to carry it).
  const carriesKey = (c.target === 'sse-c' && c.operation !== 'complete-multipart-upload') || c.source === 'sse-c';
  if (v2Refused && c.auth === 'v2' && c.operation !== 'post-object' && c.operation !== 'head-object' && carriesKey) {
    return { verdict: 'fail', severity: 'exposure' };
  }
  if (v2Refused && c.auth === 'v2' && c.operation !== 'post-object') {
    // 403 SignatureDoesNotMatch (HEAD: a bare 403) before s3rver looks at anything else. An accept
    // cell is then refused: interop. A reject cell's refusal proves nothing (an authentication
    // failure, or for HEAD a control refused alike): ERROR inconclusive.
    return c.expected === 'accept' ? { verdict: 'fail', severity: 'interop' } : { verdict: 'error', inconclusive: true };
  }
  // Upload Part - Copy: 501 NotImplemented, whatever the encryption, plain-to-plain included: a cell
  // that must be accepted fails as interop; a refusal that is no refusal proves nothing: inconclusive.
  if (c.operation === 'upload-part-copy') return c.expected === 'accept' ? { verdict: 'fail', severity: 'interop' } : { verdict: 'error', inconclusive: true };
  // Everything else is accepted. Where the rule says refuse: exposure.
  if (c.expected === 'reject') return { verdict: 'fail', severity: 'exposure' };
  // Accepted where it must be: no SSE echo, plaintext at rest: downgrade. Plain copies pass.
  // (A copy from an "encrypted" source that s3rver stored in plaintext is a downgrade too: the harness
  // checks its source fixtures.)
  if (!involvesEncryption(c)) return { verdict: 'pass' };
  return { verdict: 'fail', severity: 'downgrade' };
}

function outcomeOf(r: CaseResult): Outcome {
  return {
    verdict: r.verdict,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.verdict === 'error' ? { inconclusive: r.reason.startsWith('inconclusive') } : {}),
  };
}

function table(results: CaseResult[], f: (r: CaseResult) => unknown): Record<string, unknown> {
  return Object.fromEntries(results.map((r) => [r.id, f(r)]));
}

describe.each([
  { mode: 's3rver as it ships (V2 signatures checked, wrongly)', v2Refused: true },
  { mode: 's3rver with allowMismatchedSignatures (V2 taken like V4)', v2Refused: false },
])('$mode', ({ v2Refused }) => {
  let peer: S3rverPeer;
  let results: CaseResult[];
  let leftovers: number;

  beforeAll(async () => {
    peer = await startS3rver({ allowMismatchedSignatures: !v2Refused });
    ({ results, leftovers } = await runAgainst(peer.target, cases, { timeoutMs: 5000 }));
  });
  afterAll(async () => {
    await peer?.close();
  });

  test('every cell gets the outcome its behaviour explains', () => {
    expect(results).toHaveLength(128);
    expect(table(results, outcomeOf)).toEqual(table(results, (r) => expectedOn(byId.get(r.id)!, v2Refused)));
  });

  test('no cell that involves encryption passes', () => {
    const passing = results.filter((r) => r.verdict === 'pass' && involvesEncryption(byId.get(r.id)!));
    expect(passing.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });

  test('the overall verdict is non-conformant: exit code 1', () => {
    expect(exitCodeFor({ summary: summarize(results) })).toBe(1);
  });

  test('cleanup cannot run on s3rver (no ListMultipartUploads): leftovers are not countable', () => {
    expect(leftovers).toBe(-1);
  });
});

test('s3rver keeps the SSE-C key of an open multipart upload in clear on disk', async () => {
  const peer = await startS3rver();
  const engine = new Engine(peer.target, { runId: 'disk-check', timeoutMs: 5000, strict: false, concurrency: 1 });
  try {
    const uploadId = await createUpload(engine.ctx, `${engine.ctx.prefix}mpu`, 'sse-c');
    const meta = path.join(peer.directory, 'data', peer.target.bucket, '._S3rver_uploads', uploadId, 'metadata');
    const stored = JSON.parse(fs.readFileSync(meta, 'utf8')) as Record<string, string>;
    expect(stored['x-amz-server-side-encryption-customer-key']).toBe(engine.ctx.ssec.keyB64);
  } finally {
    engine.close();
    await peer.close();
  }
});
