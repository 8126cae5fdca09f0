import { makeFixtureResults } from './fixture';
import { renderSummaryMarkdown } from './summary-md';

const md = renderSummaryMarkdown(makeFixtureResults());

test('verdict heading and totals line', () => {
  expect(md.split('\n')[0]).toBe('## ❌ SSE conformance: NON-CONFORMANT');
  expect(md).toContain('**128 cells**: 120 passed, 4 failed, 2 errored, 2 skipped');
  expect(md).toContain('profile `obs`');
});

test('one line per table', () => {
  expect(md).toContain('| SSE-C | 28 | 25 | 1 | 0 | 2 |');
  expect(md).toContain('| SSE-KMS | 28 | 26 | 1 | 1 | 0 |');
  expect(md).toContain('| PUT Object - Copy | 36 | 34 | 1 | 1 | 0 |');
  expect(md).toContain('| Upload Part - Copy | 36 | 35 | 1 | 0 | 0 |');
});

test('failures, most harmful first, with severity and reason; then errors', () => {
  const failures = md.slice(md.indexOf('### Failures (4)'), md.indexOf('### Errors (2)'));
  const order = ['sse-c/put-object/http-v2', 'sse-kms/get-object/https-v2', 'copy/plain-to-sse-kms/https-v4', 'upload-part-copy/plain-to-sse-kms/http-v2'];
  expect(order.map((id) => failures.indexOf(id))).toEqual([...order.map((id) => failures.indexOf(id))].sort((a, b) => a - b));
  expect(failures).toContain('| `upload-part-copy/plain-to-sse-kms/http-v2` | interop | accepted | 403 AccessDenied | Refused a copy');
  expect(md.slice(md.indexOf('### Errors (2)'))).toContain('| `copy/sse-c-to-sse-c/https-v4` | accepted | no answer | Connection reset');
});

test('markup and pipes in a reason cannot break the table', () => {
  const r = makeFixtureResults();
  const c = r.cases.find((x) => x.id === 'sse-kms/get-object/https-v2');
  if (!c) throw new Error('fixture changed');
  c.reason = 'a | b\nc <img src=x>';
  const out = renderSummaryMarkdown(r);
  expect(out).toContain('a \\| b c &lt;img src=x>');
});

test('a clean run says CONFORMANT and lists nothing', () => {
  const r = makeFixtureResults();
  r.cases = r.cases.map((c) => ({ ...c, verdict: 'pass' as const }));
  const out = renderSummaryMarkdown(r);
  expect(out).toContain('✅ SSE conformance: CONFORMANT');
  expect(out).toContain('No failing or erroring cells.');
  expect(out).not.toContain('### Failures');
});
