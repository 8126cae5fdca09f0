import { REDACTED, Redactor } from '../redact/redact';
import type { CaseResult } from '../verdict/types';
import { redactCase, redactResults } from './redact-results';

// Every string of a case an endpoint could have written passes the redactor: a hostile endpoint
// can put a secret in its error code, its status text, a header name as well as a header value.
test('redactCase redacts every endpoint-sourced string, and leaves the case identity alone', () => {
  const key = Buffer.alloc(32, 0xab);
  const r = new Redactor();
  r.addKey(key);
  const hex = key.toString('hex');
  const c: CaseResult = {
    id: 'sse-c/put-object/http-v4', table: 'sse-c', row: 'put-object', rowIndex: 0, protocol: 'http', auth: 'v4', expected: 'reject',
    requirement: 'must be refused', verdict: 'error', observed: { status: 400, code: `X${hex}` }, reason: `arrange: ${hex}`, notes: [`n ${hex}`],
    durationMs: 1, requests: 1,
    attempts: [{ verdict: 'error', observed: { status: 503, code: `S${hex}` }, reason: `busy ${hex}`, durationMs: 1, backoffMs: 200 }],
    evidence: [
      {
        step: `verify ${hex}`,
        request: { method: 'GET', url: `https://h/b/k?x=${hex}`, headers: { [`x-${hex}`]: hex }, bodyExcerpt: hex },
        response: { status: 400, statusText: `Bad ${hex}`, headers: { [`x-echo-${hex}`]: hex }, bodyExcerpt: `<Message>${hex}</Message>` },
        error: `e ${hex}`,
        durationMs: 1,
      },
    ],
  };
  const out = redactCase(c, r);
  expect(JSON.stringify(out)).not.toContain(hex);
  expect(out.observed).toEqual({ status: 400, code: `X${REDACTED}` });
  expect(out.evidence[0]!.response!.headers).toEqual({ [`x-echo-${REDACTED}`]: REDACTED });
  expect(out).toMatchObject({ id: c.id, table: c.table, row: c.row, requirement: c.requirement, verdict: 'error' });
  expect(JSON.stringify(c)).toContain(hex); // the input is untouched
});

test('redactResults redacts what the run-level fields quote of the endpoint: causes\' answers, unattributed keys', () => {
  const secret = 'run-level-secret-0123';
  const base = { schemaVersion: 1 as const, runId: 'r', endpoint: { embedded: true, http: 'http://h', https: 'https://h', bucket: 'b', region: 'r' }, profile: 'obs', strict: false, startedAt: '2026-01-01T00:00:00Z', durationMs: 1, summary: { total: 0, pass: 0, fail: 0, error: 0, skipped: 0 }, cases: [] };
  const out = redactResults(
    {
      ...base,
      causes: [{ id: 'refused-allowed', title: 't', sentence: 's', verdict: 'fail', answer: `400 ${secret}`, cells: [], compact: [] }],
      unattributed: [`an object the harness never wrote (key "${secret}")`],
    },
    new Redactor([secret]),
  );
  expect(JSON.stringify(out)).not.toContain(secret);
});
