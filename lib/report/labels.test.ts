import { failureLine, observedText, ruleCells, rowHeadings, rowLabels, tableTitle } from './labels';

test('row labels and headings follow the vendor tables', () => {
  expect(rowHeadings('sse-c')).toEqual(['Interface']);
  expect(rowHeadings('copy')).toEqual(['Source object', 'Target object']);
  expect(rowHeadings('upload-part-copy')).toEqual(['Source object', 'Target part']);
  expect(rowLabels('sse-kms', 'initiate-multipart-upload')).toEqual(['Initiate Multipart Upload']);
  expect(rowLabels('copy', 'sse-kms-to-sse-c')).toEqual(['SSE-KMS', 'SSE-C']);
  expect(rowLabels('upload-part-copy', 'plain-to-sse-kms')).toEqual(['Non-encrypted', 'SSE-KMS part']);
});

test('the rule cells are drawn from the rule the results carry, never from the requirement sentence', () => {
  const base = { protocol: 'https' as const, auth: 'v4' as const, expected: 'accept' as const };
  expect(ruleCells([{ ...base, rule: { protocols: ['https'], auth: ['v4'] } }])).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  // In the vendor's order whatever the order of the profile's list.
  expect(ruleCells([{ ...base, rule: { protocols: ['https', 'http'], auth: ['v4', 'v2'] } }])).toEqual({ protocol: 'HTTP or HTTPS', auth: 'V2 or V4' });
  expect(ruleCells([{ ...base, rule: { protocols: [], auth: ['v4'] } }])).toEqual({ protocol: '—', auth: 'V4' });
  // A sentence that says otherwise is not read: the fields win.
  const sentence = { ...base, requirement: 'SSE-KMS PUT Object over HTTP or HTTPS with V2 or V4', rule: { protocols: ['https' as const], auth: ['v4' as const] } };
  expect(ruleCells([sentence])).toEqual({ protocol: 'HTTPS', auth: 'V4' });
});

test('results written before `rule` was recorded: the rule is inferred from the accepted cells, never parsed from the sentence', () => {
  const cell = (protocol: 'http' | 'https', auth: 'v2' | 'v4', expected: 'accept' | 'reject') => ({ requirement: 'SSE-KMS PUT Object over HTTP or HTTPS with V2 or V4', protocol, auth, expected });
  expect(ruleCells([cell('http', 'v2', 'reject'), cell('https', 'v2', 'reject'), cell('https', 'v4', 'accept')])).toEqual({ protocol: 'HTTPS', auth: 'V4' });
  expect(ruleCells([cell('http', 'v2', 'reject')])).toEqual({ protocol: '—', auth: '—' });
});

test('table titles: the title the results carry, else the vendor name of the table id, else the id', () => {
  expect(tableTitle('copy', [{}, { title: 'Copy, as the profile names it' }])).toBe('Copy, as the profile names it');
  expect(tableTitle('copy', [{}])).toBe('PUT Object - Copy');
  expect(tableTitle('copy')).toBe('PUT Object - Copy');
  expect(tableTitle('other-table', [])).toBe('other-table');
});

test('failure line reads Requirement; Expected; Actual', () => {
  expect(failureLine({ requirement: 'SSE-KMS PUT Object only over HTTPS with V4', expected: 'reject', observed: { status: 200 } })).toBe(
    'Requirement: SSE-KMS PUT Object only over HTTPS with V4; Expected: rejected; Actual: 200',
  );
  expect(observedText({ observed: { status: 400, code: 'InvalidRequest' } })).toBe('400 InvalidRequest');
  expect(observedText({ observed: { status: 0 } })).toBe('no answer');
});
