// A comparison of two real runs in headless Chromium: the embedded reference endpoint judged twice
// in process (once as it is, once under the refuse-v2 fault) on a few dozen cells, compared, and
// the page opened from file://. Differing cells are framed exactly where the verdicts differ, the
// column groups are headed by endpoint, run id and date, a cell opens its own run's detail, the
// verdicts read without JavaScript, and a crafted run (through the real loader) runs nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { targetOf } from '../engine/embedded-target';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { formatDate } from '../report/html/format';
import { runConformance } from '../run/run';
import type { RunResults } from '../verdict/types';
import { loadRun } from './load';
import { buildComparison, outcomeKey, type Comparison } from './model';
import { writeComparison } from './write';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Kept after the run so the page and its screenshot can be looked at. */
const OUT_DIR = path.join(os.tmpdir(), 'sse-conformance-compare-browser');

jest.setTimeout(180_000);

// The SSE-C table and two SSE-KMS rows: V2 accept and V2 reject cells of both encryptions.
const CASES = expandProfile(loadProfile('obs')).filter((c) => c.table === 'sse-c' || /^sse-kms\/(put|head)-object\//.test(c.id));

async function judge(ep: ReferenceEndpoint, runId: string): Promise<RunResults> {
  const { results } = await runConformance({ runId, timeoutMs: 10_000, concurrency: 8, settleMs: 0 }, { target: targetOf(ep), cases: CASES, writeReports: false });
  return results;
}

/** What an attacker could hand over as a run: valid to the schema, markup and escapes in every text. */
const PAYLOAD = '"><script>window.__pwned=1</script><img src=https://attacker.example/x.png onerror="window.__pwned=2">\x1b]0;pwned\x07\x1b[31m';
function hostile(base: RunResults): RunResults {
  const r: RunResults = JSON.parse(JSON.stringify(base));
  r.runId = 'evil-run';
  r.profile = PAYLOAD;
  r.endpoint = { ...r.endpoint, embedded: false, http: `http://evil.example/${PAYLOAD}`, https: `https://evil.example/${PAYLOAD}`, bucket: PAYLOAD };
  for (const c of r.cases.slice(0, 6)) {
    Object.assign(c, { verdict: 'fail', severity: 'exposure', reason: PAYLOAD, requirement: PAYLOAD, notes: [PAYLOAD], observed: { status: 200, code: PAYLOAD } });
    for (const e of c.evidence) {
      e.step = PAYLOAD;
      if (e.response) e.response.headers = { 'x-evil': PAYLOAD, [`x-${'a'.repeat(3)}`]: PAYLOAD };
    }
  }
  return r;
}

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(`Chromium is missing at ${CHROMIUM}: the compare browser test is SKIPPED (install: apt-get install -y chromium)`);
}
const browserTest = haveChromium || process.env.CI ? test : test.skip;

let browser: Browser;
let page: Page;
let normal: RunResults;
let faulty: RunResults;
let cmp: Comparison;
let url: string;
let markdown: string;
const pageErrors: string[] = [];
const requested: string[] = [];

beforeAll(async () => {
  if (!haveChromium) {
    if (!process.env.CI) return;
    throw new Error(`Chromium is missing at ${CHROMIUM} on this CI machine (install: apt-get install -y chromium)`);
  }
  const good = await startReferenceEndpoint({});
  try {
    normal = await judge(good, 'nightly-before');
  } finally {
    await good.close();
  }
  const bad = await startReferenceEndpoint({ fault: 'refuse-v2' });
  try {
    faulty = await judge(bad, 'nightly-after');
  } finally {
    await bad.close();
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  cmp = buildComparison([
    { source: 'before/results.json', results: normal },
    { source: 'after/results.json', results: faulty },
  ]);
  const written = await writeComparison(cmp, path.join(OUT_DIR, 'real'));
  url = pathToFileURL(written.html).href;
  markdown = fs.readFileSync(written.markdown, 'utf8');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
});

/** The ids whose verdict (or severity) differs between the two runs, computed from the results themselves. */
function expectedDiff(): string[] {
  const after = new Map(faulty.cases.map((c) => [c.id, c]));
  return normal.cases.filter((c) => outcomeKey(c) !== outcomeKey(after.get(c.id))).map((c) => c.id).sort();
}

browserTest('the two runs really differ, on the V2 cells only (the fault is seen)', () => {
  expect(normal.cases).toHaveLength(CASES.length);
  expect(normal.cases.filter((c) => c.verdict !== 'pass').map((c) => c.id)).toEqual([]);
  expect(expectedDiff()).toEqual(CASES.filter((c) => c.auth === 'v2').map((c) => c.id).sort());
});

browserTest('differing cells are framed exactly where the verdicts differ, in both runs\' columns', async () => {
  const cells = await page.$$eval('td.cell, td.cell-none', (els) =>
    els.map((e) => ({ id: e.getAttribute('data-case-id'), run: (e.getAttribute('data-detail') ?? '').split('-')[0], diff: e.classList.contains('diff'), mark: e.querySelector('.diffmark') !== null })),
  );
  expect(cells).toHaveLength(CASES.length * 2);
  for (const run of ['r0', 'r1']) {
    const framed = cells.filter((c) => c.run === run && c.diff).map((c) => c.id).sort();
    expect(framed).toEqual(expectedDiff());
  }
  expect(cells.every((c) => c.diff === c.mark)).toBe(true);
  // the frame is really drawn
  const outline = await page.locator('td.diff').first().evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).toBe('solid');
  expect(await page.locator('.banner-verdict').innerText()).toBe(`${expectedDiff().length} cells differ`);
});

browserTest('each run\'s column group is headed by its endpoint, run id and date', async () => {
  const heads = await page.locator('table.matrix').first().locator('th.g-run').allInnerTexts();
  expect(heads).toHaveLength(2);
  [normal, faulty].forEach((r, i) => {
    expect(heads[i]).toContain(`RUN ${i + 1}`);
    expect(heads[i]).toContain(r.endpoint.https);
    expect(heads[i]).toContain(r.runId);
    expect(heads[i]).toContain(formatDate(r.startedAt));
  });
});

browserTest('a cell opens its own run\'s detail', async () => {
  const id = CASES.find((c) => c.auth === 'v2' && c.expected === 'accept')!.id;
  await page.click(`td.cell[data-case-id="${id}"][data-detail^="r1-"]`);
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor({ state: 'visible' });
  expect(await dialog.getAttribute('data-case-id')).toBe(id);
  const text = await dialog.innerText();
  expect(text).toContain('Run 2');
  expect(text).toContain('nightly-after');
  expect(text).toContain('FAIL');
  expect(text).toContain('refuse-v2');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

browserTest('summary.md lists every differing cell with both outcomes', () => {
  const section = markdown.split('### Cells that differ')[1].split('###')[0];
  const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
  expect(listed).toEqual(expectedDiff());
  expect(section).toMatch(/\| PASS \(200\) \| FAIL interop \(403 AccessDenied\) \|/);
  expect(section).toMatch(/\| PASS \(\d{3}[^|]*\) \| ERROR \(403 AccessDenied\) \|/);
});

browserTest('without JavaScript the verdicts read and each cell links to its detail, shown in place', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1500, height: 1000 } });
  try {
    const p = await ctx.newPage();
    await p.goto(url);
    const id = expectedDiff()[0];
    const cell = p.locator(`td.cell[data-case-id="${id}"][data-detail^="r1-"]`);
    expect(await cell.innerText()).toMatch(/^[✗!] (fail|error)/);
    await cell.locator('a').click();
    const detailId = await cell.getAttribute('data-detail');
    expect(new URL(p.url()).hash).toBe(`#${detailId}`);
    const detail = p.locator(`dialog#${detailId}`);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.innerText()).toContain(id);
  } finally {
    await ctx.close();
  }
});

browserTest('the page loads nothing from outside, raises no error, and its screenshot is saved', async () => {
  await page.goto(url);
  await page.screenshot({ path: path.join(OUT_DIR, 'compare.png'), fullPage: true });
  fs.copyFileSync(path.join(OUT_DIR, 'compare.png'), path.join(os.tmpdir(), 'compare.png'));
  expect(requested.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

browserTest('a crafted run, read through the real loader, is inert: no script, no request, payloads shown as text', async () => {
  const file = path.join(OUT_DIR, 'evil.json');
  fs.writeFileSync(file, JSON.stringify(hostile(normal)));
  const evil = loadRun(file); // passes the schema: the renderers must hold on their own
  const written = await writeComparison(buildComparison([{ source: 'before/results.json', results: normal }, evil]), path.join(OUT_DIR, 'hostile'));
  const p = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const dialogs: string[] = [];
  const outside: string[] = [];
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  p.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && outside.push(r.url()));
  await p.goto(pathToFileURL(written.html).href);
  await p.evaluate(() => {
    for (const d of Array.from(document.querySelectorAll('dialog'))) {
      d.showModal();
      d.querySelectorAll('details').forEach((e) => e.setAttribute('open', ''));
      d.close();
    }
    for (const e of Array.from(document.querySelectorAll('body *'))) for (const type of ['mouseover', 'focus', 'click']) e.dispatchEvent(new Event(type));
  });
  expect(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
  expect(await p.locator('script').count()).toBe(1);
  expect(await p.locator('img, svg, iframe, object, embed').count()).toBe(0);
  expect(await p.locator('table.runs').innerText()).toContain('<script>window.__pwned=1</script>');
  const md = fs.readFileSync(written.markdown, 'utf8');
  expect(md).not.toMatch(/<script|<img|[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  await p.close();
});
