// The marks a cell carries beside its verdict (baseline, at rest, earlier tries) in every report,
// and a crafted value outside the known sets, which must print as nothing.
import type { CaseResult, RunResults } from '../verdict/types';
import { makeFixtureResults } from './fixture';
import { renderHtml } from './html/render';
import { renderJunit } from './junit';
import { renderSummaryMarkdown } from './summary-md';

function marked(): RunResults {
  const r = makeFixtureResults();
  const set = (id: string, patch: Partial<CaseResult>) => {
    const c = r.cases.find((x) => x.id === id)!;
    Object.assign(c, patch);
  };
  set('sse-c/put-object/http-v2', { baseline: 'known' });
  set('sse-kms/get-object/https-v2', { baseline: 'regression', atRest: 'plaintext' });
  set('sse-c/put-object/https-v4', { baseline: 'fixed', atRest: 'verified', attempts: [{ verdict: 'error', observed: { status: 503, code: 'SlowDown' }, reason: 'busy', durationMs: 12, backoffMs: 210 }] });
  r.baseline = { file: 'ci/endpoint.expected.json', known: 1, regressions: 1, fixed: 1 };
  r.atRest = { probe: 'builtin', ok: true, objects: 96 };
  return r;
}

test('index.html: tags on marked cells, the baseline and at-rest lines in the head, regressions first', () => {
  const html = renderHtml(marked());
  expect(html).toContain('<span class="tag-cell base-known">known</span>');
  expect(html).toContain('<span class="tag-cell base-regression">regression</span>');
  expect(html).toContain('<span class="tag-cell base-fixed">fixed</span>');
  expect(html).toContain('<span class="tag-cell rest-plaintext">plaintext at rest</span>');
  expect(html).toContain('<span class="tag-cell rest-verified">at rest ✓</span>');
  expect(html).toContain('<span class="tag-cell tries">try 2</span>');
  expect(html).toContain('probed with builtin: 96 stored objects read raw');
  expect(html).toContain('1 known, 1 regression, 1 fixed');
  expect(html.indexOf('<h2>Regressions')).toBeGreaterThan(0);
  expect(html.indexOf('<h2>Regressions')).toBeLessThan(html.indexOf('Known (listed in the baseline)'));
  expect(html).toContain('judged on try 2; earlier tries (ERROR each): 503 SlowDown');
});

test('summary.md: the three groups, the at-rest line; junit: known skipped, regression and fixed failing', () => {
  const r = marked();
  const md = renderSummaryMarkdown(r);
  expect(md).toContain('Stored bytes: probed with builtin: 96 stored objects read raw');
  expect(md).toContain('### Regressions (1)');
  expect(md).toContain('### Fixed: remove from the baseline (1)');
  expect(md).toContain('### Known (listed in the baseline) (1)');
  expect(md).not.toContain('### Failures');
  const xml = renderJunit(r);
  expect(xml).toMatch(/<testcase name="sse-c\/put-object\/http-v2"[^>]*>\s*<skipped message="known FAIL \(exposure\), listed in the baseline: /);
  expect(xml).toMatch(/<testcase name="sse-kms\/get-object\/https-v2"[^>]*>\s*<failure message="regression: \[exposure\]/);
  expect(xml).toMatch(/<testcase name="sse-c\/put-object\/https-v4"[^>]*>\s*<failure message="fixed: passes now; remove sse-c\/put-object\/https-v4 from the baseline ci\/endpoint.expected.json" type="fixed"/);
  const failures = (xml.match(/<failure /g) ?? []).length;
  expect(xml).toMatch(new RegExp(`<testsuites [^>]*failures="${failures}"`));
});

test('without a probe the reports say the verdicts are verified through the API only', () => {
  const r = makeFixtureResults();
  expect(renderSummaryMarkdown(r)).toContain('Stored bytes: not probed: verdicts are verified through the S3 API only');
  expect(renderHtml(r)).toContain('not probed: verdicts are verified through the S3 API only');
});

test('a mark outside the known sets (a crafted results.json) prints as nothing', () => {
  const r = makeFixtureResults();
  const c = r.cases[0]!;
  (c as unknown as Record<string, unknown>).baseline = 'known"><script>alert(1)</script>';
  (c as unknown as Record<string, unknown>).atRest = '<img src=x onerror=alert(1)>';
  const html = renderHtml(r);
  expect(html).not.toContain('<script>alert(1)');
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('tag-cell base-');
});
