// The comparison model and its two writers on the 128-cell fixture: which cells differ (verdict,
// severity, not run), what is refused (no run, too many, a cell twice), and that text from a
// results file reaches neither markup nor Markdown as anything but text.
import { makeFixtureResults } from '../report/fixture';
import type { RunResults } from '../verdict/types';
import { renderCompareHtml } from './html';
import { renderCompareMarkdown } from './markdown';
import { buildComparison, CompareError, MAX_COMPARE_RUNS, outcomeKey } from './model';
import { compareLines } from './terminal';

const run = (patch: (r: RunResults) => void = () => undefined): RunResults => {
  const r = makeFixtureResults();
  patch(r);
  return r;
};
const set = (r: RunResults, id: string, p: Partial<RunResults['cases'][number]>): void => {
  Object.assign(r.cases.find((c) => c.id === id)!, p);
};

const A = run();
const B = run((r) => {
  r.runId = 'tonight';
  set(r, 'sse-c/put-object/http-v2', { verdict: 'pass', severity: undefined, observed: { status: 400, code: 'InvalidRequest' } }); // fail -> pass
  set(r, 'sse-kms/get-object/https-v2', { severity: 'interop' }); // fail exposure -> fail interop
  set(r, 'sse-c/get-object/https-v4', { verdict: 'error', observed: { status: 503, code: 'SlowDown' } }); // pass -> error
  r.cases = r.cases.filter((c) => c.id !== 'copy/plain-to-plain/http-v2'); // not run
});
const EXPECTED_DIFF = ['sse-c/put-object/http-v2', 'sse-c/get-object/https-v4', 'sse-kms/get-object/https-v2', 'copy/plain-to-plain/http-v2'];

test('cells differ exactly where verdict, severity or presence differ, in matrix order', () => {
  const cmp = buildComparison([
    { source: 'a/results.json', results: A },
    { source: 'b/results.json', results: B },
  ]);
  expect(cmp.ids).toHaveLength(128);
  expect([...cmp.differing].sort()).toEqual([...EXPECTED_DIFF].sort());
  expect(cmp.differing[0]).toBe('sse-c/put-object/http-v2');
  expect(cmp.tables.map((t) => t.differing.length)).toEqual([2, 1, 1, 0]);
  expect(outcomeKey(undefined)).toBe('not-run');
});

test('one run is allowed (nothing differs); none, more than the bound, or a cell twice is refused', () => {
  expect(buildComparison([{ source: 'a', results: A }]).differing).toEqual([]);
  expect(() => buildComparison([])).toThrow(CompareError);
  const many = Array.from({ length: MAX_COMPARE_RUNS + 1 }, () => ({ source: 'a', results: A }));
  expect(() => buildComparison(many)).toThrow(/17 runs named: at most 16/);
  const twice = run((r) => r.cases.push({ ...r.cases[0], verdict: 'fail' }));
  expect(() => buildComparison([{ source: 'x/results.json', results: twice }])).toThrow(/x\/results\.json: cases\[128\]\.id sse-c\/put-object\/http-v2 appears twice/);
});

test('summary.md lists every differing cell with each run\'s outcome, and marks them in the tables', () => {
  const md = renderCompareMarkdown(buildComparison([{ source: 'a', results: A }, { source: 'b', results: B }]));
  expect(md).toContain('## ≠ SSE conformance comparison: 2 runs, 4 of 128 cells differ');
  expect(md).toContain('| `sse-c/put-object/http-v2` | FAIL exposure (200) | PASS (400 InvalidRequest) |');
  expect(md).toContain('| `sse-kms/get-object/https-v2` | FAIL exposure (200) | FAIL interop (200) |');
  expect(md).toContain('| `copy/plain-to-plain/http-v2` | PASS (200) | not run |');
  expect(md).toMatch(/\| `tonight` \|/);
  // the table row of PUT Object: run 1's HTTP V2 failed, run 2's passed; both framed
  expect(md).toMatch(/\| PUT Object \| HTTPS \| V2 or V4 \| \*\*≠ ✗ exposure\*\* \| ✓ \| ✓ \| ✓ \| \*\*≠ ✓\*\* \| ✓ \| ✓ \| ✓ \|/);
  expect(md.match(/\*\*≠/g)).toHaveLength(EXPECTED_DIFF.length * 2);
});

test('hostile text is inert: escaped in HTML, neutral in Markdown, printable on the terminal', () => {
  const evil = run((r) => {
    r.endpoint.https = 'https://x/<script>alert(1)</script>\x1b]0;pwned\x07|`';
    set(r, 'sse-c/put-object/http-v2', { reason: '<img src=x onerror=alert(2)> \x1b[31mred | [link](javascript:alert(3))' });
  });
  const cmp = buildComparison([{ source: 'a', results: A }, { source: 'evil\x1b[2J/results.json', results: evil }]);
  const html = renderCompareHtml(cmp);
  expect(html).not.toMatch(/<script>alert|<img src=x/);
  expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
  expect(html.match(/<script>/g)).toHaveLength(1); // the page's own
  const md = renderCompareMarkdown(cmp);
  expect(md).not.toMatch(/<script|[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  const lines = compareLines(cmp, 'out/index.html');
  expect(lines).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  expect(lines.split('\n')).toHaveLength(5); // two runs, the count, the path, and the final newline
});

test('each cell\'s detail is the run report\'s own, headed by the run it belongs to', () => {
  const html = renderCompareHtml(buildComparison([{ source: 'a', results: A }, { source: 'b', results: B }]));
  expect(html.match(/<dialog class="detail"/g)).toHaveLength(128 + 127);
  expect(html).toMatch(/<dialog class="detail" id="r1-c0"[^]*?<p class="detail-run"><strong>Run 2<\/strong> · <code>[^<]*<\/code> · run <code>tonight<\/code>/);
  expect(html.match(/<td class="cell[^"]* diff/g)).toHaveLength(EXPECTED_DIFF.length * 2);
});
