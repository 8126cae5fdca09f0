// A cause's `answer` is the endpoint's own status text and code; a results.json handed to `merge` or
// `compare` may carry any text in every field of `causes`. Whatever they hold, no report lets it act:
// no markup or link in summary.md, no tag in index.html, no escape sequence or bidi control on the
// terminal, one JSON object per line with --json, and none of them grows with the text.
import { causeLines } from '../cli/json-lines';
import { renderCompareHtml } from '../compare/html';
import { renderCompareMarkdown } from '../compare/markdown';
import { buildComparison } from '../compare/model';
import { compareLines } from '../compare/terminal';
import { groupCauses } from '../verdict/causes';
import type { RunResults } from '../verdict/types';
import { makeCausesFixture } from './causes-fixture';
import { MAX_ANSWER, MAX_CELLS_TEXT } from './causes';
import { renderHtml } from './html/render';
import { renderSummaryMarkdown } from './summary-md';
import { renderTerminalCauses } from './terminal';

const EVIL =
  'x|y`code` <script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)> ![t](https://attacker.example/p.png) [click](javascript:alert(4)) **b** _i_ ~~s~~ \\| # h' +
  '\x1b]0;title\x07\x1b[31mred\x9b2J\u202e\u2066\r\nnext\u0000line | end';
const HUGE = `${EVIL}${'A'.repeat(1_000_000)}`;
/** C0 but line feed, DEL, C1, the bidi controls printable takes out. */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The fixture's answers all set to `answer`: on each cell's cause, and (`groups`) on results.causes as a crafted file would. */
function hostile(answer: string, groups: boolean): RunResults {
  const r = makeCausesFixture({ withGroups: false });
  for (const c of r.cases) if (c.cause) c.cause.answer = answer;
  if (groups) {
    r.causes = groupCauses(r.cases);
    for (const g of r.causes) Object.assign(g, { answer, title: EVIL, sentence: EVIL, compact: [EVIL, g.compact[0]] });
    r.causes[0].cells.push(EVIL);
  }
  return r;
}

const CASES: [string, string, boolean][] = [
  ['markup, links and control characters in the cells\' answers (causes grouped by the report)', EVIL, false],
  ['the same in every field of a crafted results.causes', EVIL, true],
  ['a megabyte of answer', HUGE, false],
  ['a megabyte of answer in a crafted results.causes', HUGE, true],
];

/** The cells of a Markdown table row, split as strictly as GFM could: a backslash escapes the next character, any other pipe splits. */
function cellsOf(row: string): string[] {
  const cells = [''];
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') cells[cells.length - 1] += row[i] + (row[++i] ?? '');
    else if (row[i] === '|') cells.push('');
    else cells[cells.length - 1] += row[i];
  }
  return cells;
}

describe.each(CASES)('%s', (_, answer, groups) => {
  const r = hostile(answer, groups);
  const n = groups ? r.causes!.length : groupCauses(r.cases).length;

  test('terminal: printable, two lines per cause, each bounded', () => {
    const out = renderTerminalCauses(r);
    expect(out).not.toMatch(CONTROL);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * n);
    for (const l of lines) expect(l.length).toBeLessThan(MAX_CELLS_TEXT + MAX_ANSWER + 600);
    expect(out).toContain('\u2426'); // what was taken out is marked, not silently dropped
  });

  test('--json: one object per line, the answer bounded', () => {
    const lines = causeLines(r);
    expect(lines).toHaveLength(n);
    for (const l of lines) {
      expect(l).not.toMatch(/[\n\r\u2028\u2029]/);
      const o = JSON.parse(l) as { answer: string };
      expect(o.answer.length).toBeLessThanOrEqual(MAX_ANSWER + 1);
    }
  });

  test('summary.md: no tag, image, link or control character; every causes row keeps its six cells; bounded', () => {
    const md = renderSummaryMarkdown(r);
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toMatch(/<[a-z/]/i);
    expect(md).not.toMatch(/(?<!\\)!(?<!\\)\[/);
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    const section = md.slice(md.indexOf('### Causes'), md.indexOf('| Table |'));
    const rows = section.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(1 + n);
    for (const row of rows) expect(cellsOf(row)).toHaveLength(6);
    expect(md.length).toBeLessThan(100_000);
  });

  test('index.html: the answer is text, never markup; bounded', () => {
    const html = renderHtml(r);
    const section = html.slice(html.indexOf('<section class="causes"'), html.indexOf('<section class="problems"'));
    expect(section).not.toMatch(/<(script|img|svg)/i);
    expect(section).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(section).not.toMatch(CONTROL);
    expect(html.match(/<script>/g)).toHaveLength(1); // the page's own
    expect(html.length).toBeLessThan(renderHtml(hostile('200 OK', groups)).length + 200_000);
  });

  test('compare: terminal, summary.md and index.html hold too, and the answer\'s change is seen', () => {
    const before = makeCausesFixture();
    const cmp = buildComparison([
      { source: 'a/results.json', results: before },
      { source: 'b/results.json', results: r },
    ]);
    // Another answer is another cause: every cause of run 1 went away, every one of run 2 appeared.
    expect(cmp.causes.filter((c) => c.change === 'appeared')).toHaveLength(n);
    const lines = compareLines(cmp, 'out/index.html');
    expect(lines).not.toMatch(CONTROL);
    for (const l of lines.split('\n')) expect(l.length).toBeLessThan(2 * (MAX_CELLS_TEXT + MAX_ANSWER + 600));
    const md = renderCompareMarkdown(cmp);
    expect(md).not.toMatch(CONTROL);
    expect(md).not.toMatch(/<[a-z/]/i);
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    const at = md.indexOf('### Causes');
    const rows = md.slice(at, md.indexOf('###', at + 3)).split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + cmp.causes.length); // the head, its rule, one row per cause
    for (const row of rows) expect(cellsOf(row)).toHaveLength(6);
    const html = renderCompareHtml(cmp);
    const block = html.slice(html.indexOf('<section class="diffs causes-diff">'), html.indexOf('</section>', html.indexOf('<section class="diffs causes-diff">')));
    expect(block).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(block).not.toMatch(/<(script|img|svg)/i);
    expect(block).not.toMatch(CONTROL);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.length).toBeLessThan(5_000_000);
  });
});
