import type { CaseResult, Exchange } from '../verdict/types';
import { cellSummary, transcriptLines, verdictLines } from './transcript';

const act: Exchange = {
  step: 'act',
  request: { method: 'PUT', url: 'https://h/b/k?x-id=PutObject', headers: { 'x-amz-server-side-encryption': 'aws:kms', authorization: 'AWS4-HMAC-SHA256 Signature=[REDACTED]' }, bodyExcerpt: '<1200 bytes of binary data>' },
  response: { status: 200, statusText: 'OK', headers: { etag: '"abc"', 'x-evil': 'a\x1b]0;pwned\x07b\u202ec' }, bodyExcerpt: 'line 1\n\x1b[31mred\x1b[0m' },
  durationMs: 12.4,
};

const cell: CaseResult = {
  id: 'sse-kms/put-object/https-v2',
  table: 'sse-kms',
  row: 'put-object',
  rowIndex: 0,
  protocol: 'https',
  auth: 'v2',
  expected: 'reject',
  requirement: 'SSE-KMS PUT Object only over HTTPS with V4',
  verdict: 'fail',
  severity: 'exposure',
  observed: { status: 200 },
  reason: 'accepted (200 OK) where the rule requires a refusal',
  cause: { id: 'accepted-forbidden-auth', answer: '200 OK' },
  notes: ['a note'],
  durationMs: 40,
  requests: 3,
  evidence: [
    { step: 'trusted', request: { method: 'HEAD', url: 'https://h/b', headers: {} }, response: { status: 404, headers: {} }, durationMs: 3 },
    act,
    { step: 'control', request: { method: 'PUT', url: 'https://h/b/c', headers: {} }, error: 'timeout: no answer in 15000 ms', durationMs: 15000, attempts: 2 },
  ],
};

test('each exchange in order: step, request line, headers, body; the answer or the transport error', () => {
  const text = transcriptLines(cell).join('\n');
  expect(text).toContain('── 1/3 trusted path (HTTPS, Signature V4, the AWS SDK) (3 ms)');
  // The trusted path records no reason phrase: Node's name for the status.
  expect(text).toContain('< HTTP/1.1 404 Not Found');
  expect(text).toContain(
    [
      '── 2/3 act: the request under test (12 ms)',
      '> PUT https://h/b/k?x-id=PutObject HTTP/1.1',
      '> x-amz-server-side-encryption: aws:kms',
      '> authorization: AWS4-HMAC-SHA256 Signature=[REDACTED]',
      '>',
      '> <1200 bytes of binary data>',
      '< HTTP/1.1 200 OK',
      '< etag: "abc"',
    ].join('\n'),
  );
  expect(text).toContain('── 3/3 control: the same request without encryption (15000 ms, 2 tries)');
  expect(text).toContain('! no answer: timeout: no answer in 15000 ms');
  expect(text.indexOf('1/3')).toBeLessThan(text.indexOf('2/3'));
});

test('nothing the endpoint sent reaches the terminal raw: escape sequences and bidi controls are replaced', () => {
  const text = transcriptLines(cell).join('\n');
  expect(text).not.toMatch(/[\x1b\x07\u202e]/);
  expect(text).toContain('< x-evil: a␦b␦c');
  expect(text).toContain('< line 1\n< ␦red␦');
});

test('the verdict, its severity, reason, cause (title, sentence, answer), the requirement line and the notes', () => {
  expect(verdictLines(cell)).toEqual([
    'verdict: FAIL (exposure: accepted where it must be refused: keys or data exposed in transit)',
    'reason: accepted (200 OK) where the rule requires a refusal',
    'cause: accepted-forbidden-auth: accepted with a signature the rule forbids, shown by the answer 200 OK',
    '  The endpoint accepted an encrypted request signed with a signature version the table forbids for it.',
    'Requirement: SSE-KMS PUT Object only over HTTPS with V4; Expected: rejected; Actual: 200',
    'note: a note',
  ]);
  // A cause id a crafted results file made up is printed, not looked up.
  expect(verdictLines({ ...cell, cause: { id: 'constructor' as never } })[2]).toBe('cause: constructor');
  expect(cellSummary(cell)).toBe('FAIL exposure (expected rejected, the act answered 200)');
});
