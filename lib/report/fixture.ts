// Test support (not a test): a full 128-cell RunResults from the obs profile with a mix of
// verdicts, and evidence that still holds secrets and markup, as a careless producer would leave it.
import { expandProfile } from '../matrix/expand';
import type { Case } from '../matrix/types';
import { loadProfile } from '../profile/load';
import { caseIdentity } from '../verdict/case-identity';
import type { CaseResult, Exchange, RunResults } from '../verdict/types';

/** Every run-level text a results file (or an endpoint, through them) controls, set to `evil`: for the escaping tests. */
export function withHostileRunFields(r: RunResults, evil: string): void {
  r.runId = evil;
  r.profile = evil;
  r.startedAt = evil;
  r.endpoint = { ...r.endpoint, http: evil, https: evil, bucket: evil, region: evil };
}

export const FIXTURE_SECRETS = {
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sseCKey: 'q2Vz+dGtleS1iYXNlNjQ/Zm9yLXRoZS10ZXN0cy0wMTIzNDU2Nzg5YWI=',
  v2Signature: 'frJIUN8DYpKDtOLCwo//yllqDzg=',
  v4Signature: 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
};
const S = FIXTURE_SECRETS;

/** Cells whose verdict is not PASS, and what the fixture says about them. */
export const FIXTURE_OUTCOMES: Record<string, Partial<CaseResult>> = {
  'sse-c/put-object/http-v2': {
    verdict: 'fail',
    severity: 'exposure',
    observed: { status: 200 },
    reason: 'The endpoint stored the object over plain HTTP: the SSE-C key <b>travelled</b> in clear text & was accepted.',
  },
  'sse-kms/get-object/https-v2': { verdict: 'fail', severity: 'exposure', observed: { status: 200 }, reason: 'GET of an SSE-KMS object answered 200 to a V2 signature.' },
  'copy/plain-to-sse-kms/https-v4': {
    verdict: 'fail',
    severity: 'downgrade',
    observed: { status: 200 },
    reason: 'Copy answered 200 but the target is stored without encryption (no aws:kms on HEAD).',
  },
  'upload-part-copy/plain-to-sse-kms/http-v2': {
    verdict: 'fail',
    severity: 'interop',
    observed: { status: 403, code: 'AccessDenied' },
    reason: 'Refused a copy into an SSE-KMS part that the table allows on every combination.',
  },
  'sse-kms/head-object/http-v4': { verdict: 'error', observed: { status: 503, code: 'SlowDown' }, reason: 'The endpoint answered 503 SlowDown: a server error is not a rejection.' },
  'copy/sse-c-to-sse-c/https-v4': { verdict: 'error', observed: { status: 0 }, reason: 'Connection reset (ECONNRESET) before any answer.' },
  'sse-c/post-object/http-v2': { verdict: 'skipped', observed: { status: 0 }, reason: 'filtered out by --only' },
  'sse-c/post-object/http-v4': { verdict: 'skipped', observed: { status: 0 }, reason: 'filtered out by --only' },
  'copy/sse-c-to-plain/http-v2': { notes: ['The copy-source SSE-C key travelled in clear text over HTTP, as the table allows.'] },
};

function actExchange(c: Case, r: Partial<CaseResult>): Exchange {
  const host = c.protocol === 'https' ? 'https://127.0.0.1:9443' : 'http://127.0.0.1:9080';
  const headers: Record<string, string> = {
    host: host.replace(/^https?:\/\//, ''),
    authorization:
      c.auth === 'v2'
        ? `AWS AKIAIOSFODNN7EXAMPLE:${S.v2Signature}`
        : `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250115/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${S.v4Signature}`,
  };
  if (c.target === 'sse-c' || c.source === 'sse-c') {
    headers['x-amz-server-side-encryption-customer-algorithm'] = 'AES256';
    headers['x-amz-server-side-encryption-customer-key'] = S.sseCKey;
    headers['x-amz-server-side-encryption-customer-key-MD5'] = 'n4Fh1dWkJw0pQX5M4kB3Ag==';
  }
  const status = r.observed?.status ?? 0;
  const exchange: Exchange = {
    step: 'act',
    request: { method: c.operation === 'get-object' ? 'GET' : 'PUT', url: `${host}/conformance/run-1/${c.row}?x=1&y=<2>`, headers },
    durationMs: 12.4,
  };
  if (status === 0) exchange.error = r.verdict === 'skipped' ? undefined : 'read ECONNRESET';
  else {
    exchange.response = {
      status,
      statusText: status === 200 ? 'OK' : 'Error',
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'REQ123' },
      bodyExcerpt: status === 200 ? '' : `<Error><Code>${r.observed?.code ?? 'InvalidRequest'}</Code><Message>Requests must use HTTPS & V4</Message></Error>`,
    };
  }
  if (exchange.error === undefined) delete exchange.error;
  return exchange;
}

/** A leaky POST body and an echo of the raw key: what only pattern and secret redaction catch. */
function leakyEvidence(): Exchange[] {
  const body = [
    '--xyz',
    'Content-Disposition: form-data; name="x-amz-signature"',
    '',
    S.v4Signature,
    '--xyz',
    'Content-Disposition: form-data; name="file"',
    '',
    '<script>alert("pwned")</script>',
    '--xyz--',
  ].join('\r\n');
  return [
    { step: 'control: POST form', request: { method: 'POST', url: 'http://127.0.0.1:9080/conformance/', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, bodyExcerpt: body }, durationMs: 3 },
    {
      step: 'verify: GET without key',
      request: { method: 'GET', url: `http://127.0.0.1:9080/conformance/run-1/put-object?X-Amz-Signature=${S.v4Signature}`, headers: {} },
      response: { status: 400, headers: { 'x-debug-echo': S.secretKey }, bodyExcerpt: `<Error><Code>InvalidRequest</Code><Key>${S.sseCKey}</Key></Error>` },
      durationMs: 4,
    },
  ];
}

export function makeFixtureResults(): RunResults {
  const cases: CaseResult[] = expandProfile(loadProfile('obs')).map((c) => {
    const o = FIXTURE_OUTCOMES[c.id] ?? {};
    const observed = o.observed ?? (c.expected === 'accept' ? { status: 200 } : { status: c.expectedError?.status ?? 400, code: c.expectedError?.code ?? 'InvalidRequest' });
    const r: CaseResult = {
      ...caseIdentity(c),
      verdict: o.verdict ?? 'pass',
      observed,
      reason: o.reason ?? (c.expected === 'accept' ? 'Accepted and stored encrypted as asked.' : 'Refused with an S3 error document and no side effect.'),
      durationMs: 25,
      requests: 3,
      evidence: [],
    };
    if (o.severity) r.severity = o.severity;
    if (o.notes) r.notes = o.notes;
    if (r.verdict !== 'skipped') r.evidence.push(actExchange(c, { ...o, observed }));
    if (c.id === 'sse-c/put-object/http-v2') r.evidence.push(...leakyEvidence());
    return r;
  });
  const summary = { total: cases.length, pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const c of cases) summary[c.verdict] += 1;
  return {
    schemaVersion: 1,
    runId: '20250115T100000Z-abc123',
    endpoint: { embedded: true, http: 'http://127.0.0.1:9080', https: 'https://127.0.0.1:9443', bucket: 'conformance', region: 'us-east-1' },
    profile: 'obs',
    strict: false,
    startedAt: '2025-01-15T10:00:00.000Z',
    durationMs: 8421,
    summary,
    cases,
  };
}
