import { failureLine, observedText, ruleCells, rowHeadings, rowLabels } from './labels';

test('row labels and headings follow the vendor tables', () => {
  expect(rowHeadings('sse-c')).toEqual(['Interface']);
  expect(rowHeadings('copy')).toEqual(['Source object', 'Target object']);
  expect(rowHeadings('upload-part-copy')).toEqual(['Source object', 'Target part']);
  expect(rowLabels('sse-kms', 'initiate-multipart-upload')).toEqual(['Initiate Multipart Upload']);
  expect(rowLabels('copy', 'sse-kms-to-sse-c')).toEqual(['SSE-KMS', 'SSE-C']);
  expect(rowLabels('upload-part-copy', 'plain-to-sse-kms')).toEqual(['Non-encrypted', 'SSE-KMS part']);
});

test('the rule cells are read back from the requirement sentence', () => {
  const base = { protocol: 'https' as const, auth: 'v4' as const, expected: 'accept' as const };
  expect(ruleCells([{ ...base, requirement: 'SSE-KMS PUT Object only over HTTPS with V4' }])).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  expect(
    ruleCells([{ ...base, requirement: 'PUT Object - Copy from a SSE-C source to a Non-encrypted target over HTTP or HTTPS with V2 or V4 (the copy-source key then travels in clear text over HTTP)' }]),
  ).toEqual({ protocol: 'HTTP or HTTPS', auth: 'V2 or V4' });
});

test('without a readable requirement, the rule is inferred from the accepted cells', () => {
  const cell = (protocol: 'http' | 'https', auth: 'v2' | 'v4', expected: 'accept' | 'reject') => ({ requirement: '?', protocol, auth, expected });
  expect(ruleCells([cell('http', 'v2', 'reject'), cell('https', 'v2', 'reject'), cell('https', 'v4', 'accept')])).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  expect(ruleCells([cell('http', 'v2', 'reject')])).toEqual({ protocol: '—', auth: '—' });
});

test('failure line reads Requirement; Expected; Actual', () => {
  expect(failureLine({ requirement: 'SSE-KMS PUT Object only over HTTPS with V4', expected: 'reject', observed: { status: 200 } })).toBe(
    'Requirement: SSE-KMS PUT Object only over HTTPS with V4; Expected: rejected; Actual: 200',
  );
  expect(observedText({ observed: { status: 400, code: 'InvalidRequest' } })).toBe('400 InvalidRequest');
  expect(observedText({ observed: { status: 0 } })).toBe('no answer');
});
