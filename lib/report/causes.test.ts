// The causes in every report: taken from results.causes when present, grouped from the cells when
// not (older results), recomputed by merge; printed at the end of the terminal output, one JSON
// line each with --json, opening summary.md and index.html with links to their cells.
import { causeLines, cellLine } from '../cli/json-lines';
import { CAUSES, groupCauses } from '../verdict/causes';
import { FIXTURE_CAUSES, failCell, makeCausesFixture } from './causes-fixture';
import { causesOf, cellCauseText, MAX_ANSWER } from './causes';
import { makeFixtureResults } from './fixture';
import { renderHtml } from './html/render';
import { mergeResults } from './merge';
import { renderSummaryMarkdown } from './summary-md';
import { renderTerminalCauses } from './terminal';

/** Five cells of one cause and answer, so the order (largest first) and the compact form show. */
function withV2Exposure() {
  const r = makeCausesFixture();
  for (const id of ['sse-kms/put-object/https-v2', 'sse-kms/post-object/https-v2', 'sse-kms/initiate-multipart-upload/https-v2', 'sse-kms/upload-part/https-v2']) {
    failCell(r, id, { severity: 'exposure', status: 200, cause: { id: 'accepted-forbidden-auth', answer: '200 OK' } });
  }
  return r;
}

describe('causesOf', () => {
  test('takes results.causes when the file has them, as they are', () => {
    const r = makeCausesFixture();
    r.causes![0].title = 'the title the run wrote';
    expect(causesOf(r)).toEqual(r.causes);
  });

  test('groups the cells of results written before causes existed, with or without a cause per cell', () => {
    const r = makeCausesFixture({ withGroups: false });
    expect(r.causes).toBeUndefined();
    expect(causesOf(r)).toEqual(groupCauses(r.cases));
    expect(causesOf(r).flatMap((g) => g.cells).sort()).toEqual(Object.keys(FIXTURE_CAUSES).sort());
    // Older still: no cause on any cell. Every non-passing cell is in one group all the same.
    const old = makeFixtureResults();
    const groups = causesOf(old);
    expect(groups.flatMap((g) => g.cells).sort()).toEqual(old.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.id).sort());
    expect(groups.map((g) => g.id)).toEqual(['verify-failed', 'harness-error', 'verify-failed', 'verify-failed']);
  });

  test('a crafted group is put into shape: strings only, unknown words never read off the prototype, the answer redacted and bounded', () => {
    const r = makeCausesFixture();
    const signature = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    Object.assign(r.causes![0], { id: 'constructor', title: 42, sentence: undefined, cells: ['a', 7, 'b'], compact: 'x', answer: `400 Signature=${signature} ${'x'.repeat(5000)}` });
    const [g] = causesOf(r);
    expect(g.title).toBe(CAUSES['harness-error'].title);
    expect(g.sentence).toBe(CAUSES['harness-error'].sentence);
    expect(g.cells).toEqual(['a', 'b']);
    expect(g.compact).toEqual(['a', 'b']);
    expect(g.answer).not.toContain(signature);
    expect(g.answer!.length).toBeLessThanOrEqual(MAX_ANSWER + 1);
    expect(g.answer!.endsWith('…')).toBe(true);
  });

  test('a cell\'s cause in words, for its detail', () => {
    const r = makeCausesFixture();
    expect(cellCauseText(r.cases.find((c) => c.id === 'sse-c/put-object/http-v2')!)).toEqual({ title: CAUSES['accepted-forbidden-transport'].title, answer: '200 OK' });
    expect(cellCauseText(r.cases.find((c) => c.verdict === 'pass')!)).toBeUndefined();
    expect(cellCauseText({ verdict: 'fail', cause: { id: 'constructor' as 'busy' } })).toEqual({ title: CAUSES['harness-error'].title });
  });
});

test('merge recomputes the causes: one cause spread over shards is one cause of the merged run', () => {
  const full = withV2Exposure();
  const shard = (keep: (id: string) => boolean) => {
    const cases = full.cases.filter((c) => keep(c.id));
    return { ...full, cases, causes: groupCauses(cases) };
  };
  const inA = (id: string) => /\/(put|post)-object\//.test(id);
  const a = shard(inA);
  const b = shard((id) => !inA(id));
  const v2 = (causes: typeof full.causes) => causes!.filter((g) => g.id === 'accepted-forbidden-auth').map((g) => g.cells.length);
  expect([v2(a.causes), v2(b.causes)]).toEqual([[2], [3]]); // each shard holds part of it
  const merged = mergeResults([a, b]);
  expect(merged.causes).toEqual(groupCauses(merged.cases));
  expect(v2(merged.causes)).toEqual([5]);
  expect(merged.causes![0].compact).toEqual(['sse-kms/{put-object,post-object,initiate-multipart-upload,get-object,upload-part}/https-v2']);
  // Shards written before causes existed: the merged run has them.
  const old = mergeResults([makeFixtureResults()]);
  expect(old.causes).toEqual(groupCauses(old.cases));
});

describe('terminal', () => {
  const out = renderTerminalCauses(withV2Exposure());
  const lines = out.trimEnd().split('\n');

  test('a headline, then per cause, largest first: verdict and severity, title, answer, count, cells; its sentence indented', () => {
    expect(lines[0]).toBe('Causes, largest first: 6 causes for 10 non-passing cells');
    expect(lines[1]).toBe(`FAIL (exposure) ${CAUSES['accepted-forbidden-auth'].title} [200 OK], 5 cells: sse-kms/{put-object,post-object,initiate-multipart-upload,get-object,upload-part}/https-v2`);
    expect(lines[2]).toBe(`    ${CAUSES['accepted-forbidden-auth'].sentence}`);
    expect(lines).toContain(`ERROR ${CAUSES.busy.title} [503 Service Unavailable SlowDown], 1 cell: sse-kms/head-object/http-v4`);
    expect(lines).toContain(`FAIL (interop) ${CAUSES['refused-allowed'].title} [403 Forbidden AccessDenied], 1 cell: upload-part-copy/plain-to-sse-kms/http-v2`);
    expect(lines).toHaveLength(1 + 6 * 2);
  });

  test('nothing when every cell passed; colour only around our own words', () => {
    const clean = makeCausesFixture();
    clean.cases = clean.cases.map((c) => ({ ...c, verdict: 'pass' as const }));
    delete clean.causes;
    expect(renderTerminalCauses(clean)).toBe('');
    const coloured = renderTerminalCauses(withV2Exposure(), { color: true });
    expect(coloured).toContain('\x1b[31mFAIL (exposure)\x1b[0m');
    expect(coloured).toContain('\x1b[33mERROR\x1b[0m');
    expect(coloured.replace(/\x1b\[(?:0|1|31|33)m/g, '')).toBe(out);
  });
});

test('--json: one cause line each, largest first, with count, cells and answer; a cell line names its cause', () => {
  const r = withV2Exposure();
  const lines = causeLines(r).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(6);
  expect(lines[0]).toEqual({
    type: 'cause',
    id: 'accepted-forbidden-auth',
    verdict: 'fail',
    severity: 'exposure',
    title: CAUSES['accepted-forbidden-auth'].title,
    answer: '200 OK',
    count: 5,
    compact: ['sse-kms/{put-object,post-object,initiate-multipart-upload,get-object,upload-part}/https-v2'],
    cells: ['sse-kms/put-object/https-v2', 'sse-kms/post-object/https-v2', 'sse-kms/initiate-multipart-upload/https-v2', 'sse-kms/get-object/https-v2', 'sse-kms/upload-part/https-v2'],
    sentence: CAUSES['accepted-forbidden-auth'].sentence,
  });
  expect(lines.find((l) => l.id === 'no-answer')).not.toHaveProperty('severity');
  for (const l of causeLines(r)) expect(l).not.toContain('\n');
  const cell = JSON.parse(cellLine(r.cases.find((c) => c.id === 'sse-c/put-object/http-v2')!)) as Record<string, unknown>;
  expect(cell.cause).toEqual({ id: 'accepted-forbidden-transport', answer: '200 OK' });
  expect(JSON.parse(cellLine(r.cases.find((c) => c.verdict === 'pass')!))).not.toHaveProperty('cause');
});

describe('summary.md', () => {
  const md = renderSummaryMarkdown(withV2Exposure());

  test('opens with the causes, before the table counts and the cell listings; each row names its cells by id', () => {
    const at = (s: string) => md.indexOf(s);
    expect(at('### Causes: 6 causes for 10 non-passing cells')).toBeGreaterThan(0);
    expect(at('### Causes')).toBeLessThan(at('| Table | Cells |'));
    expect(at('| Table | Cells |')).toBeLessThan(at('### Failures'));
    expect(md).toContain('| Cells | Verdict | Cause | Answer | Which cells | What it means |');
    expect(md).toContain(
      `| 5 | FAIL (exposure) | **${CAUSES['accepted-forbidden-auth'].title}** | 200 OK | \`sse-kms/{put-object,post-object,initiate-multipart-upload,get-object,upload-part}/https-v2\` | ${CAUSES['accepted-forbidden-auth'].sentence} |`,
    );
    expect(md).toContain('| 1 | ERROR | **no answer** | no answer (reset: read ECONNRESET) | `copy/sse-c-to-sse-c/https-v4` |');
  });

  test('no causes section when every cell passed', () => {
    const r = makeCausesFixture();
    r.cases = r.cases.map((c) => ({ ...c, verdict: 'pass' as const }));
    r.causes = [];
    expect(renderSummaryMarkdown(r)).not.toContain('### Causes');
  });
});

describe('index.html', () => {
  const r = withV2Exposure();
  const html = renderHtml(r);
  const section = html.slice(html.indexOf('<section class="causes"'), html.indexOf('</section>', html.indexOf('<section class="causes"')));

  test('opens with the causes, under the banner and before the problems list and the tables', () => {
    expect(html.indexOf('<section class="causes"')).toBeGreaterThan(html.indexOf('class="banner'));
    expect(html.indexOf('<section class="causes"')).toBeLessThan(html.indexOf('<section class="problems"'));
    expect(html.indexOf('<section class="causes"')).toBeLessThan(html.indexOf('<section class="table-block"'));
    expect(section).toContain('6 causes for 10 non-passing cells, largest first');
    expect(section.match(/<li class="cause">/g)).toHaveLength(6);
    expect(section).toContain(`<strong class="cause-title">${CAUSES['accepted-forbidden-auth'].title}</strong>`);
    expect(section).toContain('answered <code>503 Service Unavailable SlowDown</code>');
    expect(section).toContain('<code>sse-kms/{put-object,post-object,initiate-multipart-upload,get-object,upload-part}/https-v2</code>');
  });

  test('each cause links every one of its cells to the cell\'s own detail, by the anchors the matrix uses', () => {
    const links = [...section.matchAll(/<a href="#([^"]+)" data-detail="(detail-\d+)">/g)].map((m) => [decodeURIComponent(m[1]), m[2]]);
    expect(links.map(([id]) => id).sort()).toEqual(r.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.id).sort());
    for (const [id, detail] of links) {
      expect(html).toContain(`data-case-id="${id}" data-detail="${detail}"`); // the matrix cell
      expect(html).toContain(`<dialog class="detail" id="${detail}" data-case-id="${id}"`); // the dialog it opens
    }
  });

  test('a cell a crafted file names that the run does not hold is shown, not linked', () => {
    const crafted = withV2Exposure();
    crafted.causes![0].cells.push('sse-c/not-a-row/https-v4');
    const out = renderHtml(crafted);
    expect(out).toContain('<span class="unlinked"><code>sse-c/not-a-row/https-v4</code></span>');
  });

  test('the detail of a non-passing cell names its cause and answer', () => {
    const dialog = html.slice(html.indexOf('data-case-id="upload-part-copy/plain-to-sse-kms/http-v2" aria-labelledby'));
    expect(dialog.slice(0, dialog.indexOf('</dl>'))).toContain(`<dt>Cause</dt><dd>${CAUSES['refused-allowed'].title} · answered <code>403 Forbidden AccessDenied</code></dd>`);
  });

  test('no causes section when every cell passed', () => {
    const clean = makeCausesFixture();
    clean.cases = clean.cases.map((c) => ({ ...c, verdict: 'pass' as const }));
    clean.causes = [];
    expect(renderHtml(clean)).not.toContain('<section class="causes"');
  });
});
