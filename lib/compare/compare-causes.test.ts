// `compare` and the causes: matched by id and answer across runs, those that appeared or went away
// shown first in the terminal lines, summary.md and index.html; a cause in every run is not a change.
import { failCell, makeCausesFixture } from '../report/causes-fixture';
import { CAUSES } from '../verdict/causes';
import type { RunResults } from '../verdict/types';
import { renderCompareHtml } from './html';
import { renderCompareMarkdown } from './markdown';
import { buildComparison, compareCauses } from './model';
import { compareLines } from './terminal';

const pass = (r: RunResults, id: string): void => {
  const c = r.cases.find((x) => x.id === id)!;
  c.verdict = 'pass';
  delete c.severity;
  delete c.cause;
};

const A = makeCausesFixture();
const B = makeCausesFixture();
B.runId = 'tonight';
pass(B, 'sse-kms/get-object/https-v2'); // accepted-forbidden-auth [200 OK]: went away
// refused-allowed, same id, another answer: the old one went away, the new one appeared
failCell(B, 'upload-part-copy/plain-to-sse-kms/http-v2', { severity: 'interop', status: 400, code: 'InvalidRequest', cause: { id: 'refused-allowed', answer: '400 Bad Request InvalidRequest' } });
// a new cause
failCell(B, 'sse-kms/complete-multipart-upload/https-v4', { severity: 'interop', status: 200, cause: { id: 'echo-missing', answer: '200 OK' } });
// the same cause on one cell more: not a change
failCell(B, 'sse-c/get-object/http-v2', { severity: 'exposure', status: 200, cause: { id: 'accepted-forbidden-transport', answer: '200 OK' } });

const cmp = buildComparison([
  { source: 'a/results.json', results: A },
  { source: 'b/results.json', results: B },
]);
const key = (c: (typeof cmp.causes)[number]) => `${c.change}: ${c.id} [${c.answer ?? ''}] ${c.counts.join('/')}`;

test('causes are matched by id and answer: what appeared, what went away, what stayed (its count may change); changes first, then the largest, ties in the runs\' order', () => {
  expect(cmp.causes.map(key)).toEqual([
    'appeared: echo-missing [200 OK] 0/1',
    'appeared: refused-allowed [400 Bad Request InvalidRequest] 0/1',
    'went away: accepted-forbidden-auth [200 OK] 1/0',
    'went away: refused-allowed [403 Forbidden AccessDenied] 1/0',
    'same: accepted-forbidden-transport [200 OK] 1/2',
    'same: busy [503 Service Unavailable SlowDown] 1/1',
    'same: wrong-encryption [200 OK] 1/1',
    'same: no-answer [no answer (reset: read ECONNRESET)] 1/1',
  ]);
  const grown = cmp.causes.find((c) => c.id === 'accepted-forbidden-transport')!;
  expect(grown.compact).toEqual([['sse-c/put-object/http-v2'], ['sse-c/{put-object,get-object}/http-v2']]);
  expect(grown.verdicts).toEqual([['FAIL (exposure)'], ['FAIL (exposure)']]);
});

test('one run: every cause is in every run; three runs: one that comes and goes is "varies"', () => {
  expect(buildComparison([{ source: 'a', results: A }]).causes.every((c) => c.change === 'same')).toBe(true);
  const g = (id: 'busy' | 'no-answer', n: number) => ({ id, title: CAUSES[id].title, sentence: CAUSES[id].sentence, verdict: 'error' as const, cells: Array.from({ length: n }, (_, i) => `sse-c/put-object/x-${i}`), compact: ['x'] });
  const three = compareCauses([[g('busy', 1), g('no-answer', 1)], [g('no-answer', 2)], [g('busy', 3), g('no-answer', 1)]]);
  expect(three.map((c) => [c.id, c.change, c.counts])).toEqual([
    ['busy', 'varies', [1, 0, 3]],
    ['no-answer', 'same', [1, 2, 1]],
  ]);
  // Same id and answer, two verdicts in one run: one cause, its cells counted together, both verdicts named.
  const two = compareCauses([[g('busy', 1), { ...g('busy', 2), verdict: 'fail' as const, severity: 'interop' as const }]]);
  expect(two.map((c) => [c.counts, c.verdicts])).toEqual([[[3], [['ERROR', 'FAIL (interop)']]]]);
});

test('terminal: after the count of differing cells, one line per cause that appeared or went away', () => {
  const lines = compareLines(cmp, 'out/index.html').trimEnd().split('\n');
  const at = lines.findIndex((l) => /cells differ/.test(l));
  expect(lines.slice(at + 1, -1)).toEqual([
    'causes: 2 appeared, 2 went away (of 8)',
    `+ appeared: FAIL (interop) ${CAUSES['echo-missing'].title} [200 OK]; Run 2: 1 cell: sse-kms/complete-multipart-upload/https-v4`,
    `+ appeared: FAIL (interop) ${CAUSES['refused-allowed'].title} [400 Bad Request InvalidRequest]; Run 2: 1 cell: upload-part-copy/plain-to-sse-kms/http-v2`,
    `- went away: FAIL (exposure) ${CAUSES['accepted-forbidden-auth'].title} [200 OK]; Run 1: 1 cell: sse-kms/get-object/https-v2`,
    `- went away: FAIL (interop) ${CAUSES['refused-allowed'].title} [403 Forbidden AccessDenied]; Run 1: 1 cell: upload-part-copy/plain-to-sse-kms/http-v2`,
  ]);
  expect(lines.at(-1)).toBe('report: out/index.html');
  // Nothing changed: no cause line at all.
  const same = compareLines(buildComparison([{ source: 'a', results: A }, { source: 'b', results: makeCausesFixture() }]), 'x.html');
  expect(same).not.toContain('causes:');
});

test('summary.md: a causes table, changes first, each run\'s cells; before the cells that differ', () => {
  const md = renderCompareMarkdown(cmp);
  expect(md).toContain('### Causes: 4 of 8 not in every run');
  expect(md).toContain('| Change | Verdict | Cause | Answer | Run 1 | Run 2 |');
  expect(md).toContain(`| **appeared** | FAIL (interop) | ${CAUSES['refused-allowed'].title} | 400 Bad Request InvalidRequest | — | 1: \`upload-part-copy/plain-to-sse-kms/http-v2\` |`);
  expect(md).toContain(`| **went away** | FAIL (exposure) | ${CAUSES['accepted-forbidden-auth'].title} | 200 OK | 1: \`sse-kms/get-object/https-v2\` | — |`);
  expect(md).toContain(`| in every run | FAIL (exposure) | ${CAUSES['accepted-forbidden-transport'].title} | 200 OK | 1: \`sse-c/put-object/http-v2\` | 2: \`sse-c/{put-object,get-object}/http-v2\` |`);
  expect(md.indexOf('### Causes')).toBeLessThan(md.indexOf('### Cells that differ'));
  expect(renderCompareMarkdown(buildComparison([{ source: 'a', results: A }, { source: 'b', results: makeCausesFixture() }]))).toContain('### Causes: the same 6 in every run');
});

test('index.html: the causes block, changes first, tagged, each run\'s count and cells', () => {
  const html = renderCompareHtml(cmp);
  const block = html.slice(html.indexOf('<section class="diffs causes-diff">'), html.indexOf('</section>', html.indexOf('<section class="diffs causes-diff">')));
  expect(block).toContain('(4 of 8 not in every run)');
  const rows = [...block.matchAll(/<li class="cause-row change-(\w+)">/g)].map((m) => m[1]);
  expect(rows).toEqual(['appeared', 'appeared', 'gone', 'gone', 'same', 'same', 'same', 'same']);
  expect(block).toContain('<span class="change-tag">+ appeared</span>');
  expect(block).toContain('answered <code>400 Bad Request InvalidRequest</code>');
  expect(block).toContain('<span class="run-count not-run">Run 1: none</span>');
  expect(block).toContain('<span class="run-count verdict-fail">Run 2: 2 cells</span> <code>sse-c/{put-object,get-object}/http-v2</code>');
  expect(block).toContain('<span class="run-count verdict-error">Run 1: 1 cell</span>');
  expect(html.indexOf('causes-diff">')).toBeLessThan(html.indexOf('<section class="diffs">'));
});
