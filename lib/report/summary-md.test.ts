import { makeFixtureResults, withHostileRunFields } from './fixture';
import { renderSummaryMarkdown } from './summary-md';

const md = renderSummaryMarkdown(makeFixtureResults());

test('verdict heading and totals line', () => {
  expect(md.split('\n')[0]).toBe('## ❌ SSE conformance: NON-CONFORMANT');
  expect(md).toContain('**128 cells**: 120 passed, 4 failed, 2 errored, 2 skipped');
  expect(md).toContain('profile `obs`');
});

test('one line per table', () => {
  // The profile's table title, carried by each result.
  expect(md).toContain('| SSE-C (customer-provided keys) | 28 | 25 | 1 | 0 | 2 |');
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
  expect(out).toContain('a \\| b c &lt;img src=x&gt;');
});

/** The cells of a table row, split as strictly as GFM could: a backslash escapes the next character, any other pipe splits. */
function cellsOf(row: string): string[] {
  const cells = [''];
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') cells[cells.length - 1] += row[i] + (row[++i] ?? '');
    else if (row[i] === '|') cells.push('');
    else cells[cells.length - 1] += row[i];
  }
  return cells;
}

test('whatever an endpoint or a merged file puts in a field, each row keeps its cells and no HTML, link or control character gets through', () => {
  const r = makeFixtureResults();
  const evil = 'x|y`code` <script>alert(1)</script> <img src=x onerror=alert(2)> ![t](https://attacker.example/p.png) [click](javascript:alert(3)) **b** _i_ ~~s~~ \\| \x1b]0;title\x07\x1b[31mred\u202e\r\nnext | end';
  for (const c of r.cases.filter((x) => x.verdict === 'fail' || x.verdict === 'error')) {
    c.reason = evil;
    c.notes = [evil];
    c.observed = { status: 400, code: evil };
    if (c.severity) c.severity = evil as 'interop';
    c.id = `${c.id}|\`${evil}`;
  }
  r.cases[0].table = evil as 'sse-c';
  withHostileRunFields(r, evil);
  const out = renderSummaryMarkdown(r);
  expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  expect(out).not.toMatch(/<[a-z/]/i); // no tag, in or out of code spans
  expect(out).not.toMatch(/(?<!\\)!(?<!\\)\[/); // no image
  expect(out).not.toMatch(/(?<!\\)\]\(/); // no link
  const rows = (title: string): string[] => {
    const part = out.slice(out.indexOf(title));
    return part.split('\n').slice(4, part.split('\n').findIndex((l, i) => i > 2 && l === ''));
  };
  const failures = rows('### Failures');
  expect(failures).toHaveLength(4);
  for (const row of failures) expect(cellsOf(row)).toHaveLength(5);
  const errors = rows('### Errors');
  expect(errors).toHaveLength(2);
  for (const row of errors) expect(cellsOf(row)).toHaveLength(4);
  const tableLines = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Table'));
  for (const row of tableLines.slice(0, 5)) expect(cellsOf(row)).toHaveLength(6);
});

test('a clean run says CONFORMANT and lists nothing', () => {
  const r = makeFixtureResults();
  r.cases = r.cases.map((c) => ({ ...c, verdict: 'pass' as const }));
  const out = renderSummaryMarkdown(r);
  expect(out).toContain('✅ SSE conformance: CONFORMANT');
  expect(out).toContain('No failing or erroring cells.');
  expect(out).not.toContain('### Failures');
});
