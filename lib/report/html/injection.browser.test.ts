// A hostile results set in a real browser: every field of a case crafted to break out of its
// attribute, class or text (as a hand-made results.json fed to `merge` could be), rendered and
// opened in headless Chromium. No script may run, no dialog open, nothing load from outside.
// The renderer must hold on its own, whatever the schema check in `merge` lets through.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CaseResult, RunResults } from '../../verdict/types';
import { makeFixtureResults } from '../fixture';
import { renderHtml } from './render';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

jest.setTimeout(60_000);

/** Each payload sets window.__pwned (or opens a dialog) if it ever runs. */
const PAYLOADS = [
  'x"><img src=x onerror="window.__pwned=1">',
  "x'><svg onload='window.__pwned=2'>",
  'x" autofocus onfocus="window.__pwned=3" tabindex="0',
  'x onmouseover=window.__pwned=4 ',
  '</code></dialog><script>window.__pwned=5;alert(5)</script>',
  'javascript:window.__pwned=6',
  '" style="position:fixed;inset:0;background:url(https://attacker.example/x.png)',
];

/** The fixture with its non-pass cases rewritten by an attacker: enums, ids, text, evidence. */
function crafted(): RunResults {
  const r = makeFixtureResults();
  const evil = (i: number): string => PAYLOADS[i % PAYLOADS.length];
  const hostile: Partial<CaseResult>[] = [
    { expected: evil(0) as 'accept' },
    { verdict: evil(1) as 'fail' },
    { verdict: 'fail', severity: evil(2) as 'exposure' },
    { table: evil(3) as 'copy', id: evil(4) },
    { protocol: evil(0) as 'http', auth: evil(1) as 'v4' },
    { row: evil(4), reason: evil(0), requirement: evil(1), notes: [evil(2), evil(4)] },
    { verdict: 'error', observed: { status: 500, code: evil(0) } },
  ];
  hostile.forEach((patch, i) => Object.assign(r.cases[i * 3], patch));
  const c = r.cases[1];
  c.verdict = 'fail';
  c.reason = evil(4);
  c.evidence = [
    {
      step: evil(0),
      request: { method: evil(1), url: evil(5), headers: { [evil(2)]: evil(3) }, bodyExcerpt: evil(4) },
      response: { status: 400, statusText: evil(6), headers: { 'x-echo': evil(0) }, bodyExcerpt: evil(4) },
      error: evil(1),
      durationMs: 1,
      attempts: 2,
    },
  ];
  r.profile = evil(4);
  r.runId = evil(0);
  r.endpoint = { ...r.endpoint, http: evil(5), https: evil(0), bucket: evil(1), region: evil(2) };
  return r;
}

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(`Chromium is missing at ${CHROMIUM}: the report injection browser test is SKIPPED (install: apt-get install -y chromium)`);
}
const browserTest = haveChromium || process.env.CI ? test : test.skip;

let browser: Browser;
let page: Page;
let dir: string;
const dialogs: string[] = [];
const requested: string[] = [];

beforeAll(async () => {
  if (!haveChromium) {
    if (!process.env.CI) return;
    throw new Error(`Chromium is missing at ${CHROMIUM} on this CI machine (install: apt-get install -y chromium)`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-report-injection-'));
  const file = path.join(dir, 'index.html');
  fs.writeFileSync(file, renderHtml(crafted()));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(pathToFileURL(file).href);
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const pwned = (): Promise<unknown> => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

browserTest('a crafted results set runs no script when the page opens, nor when every cell and dialog is used', async () => {
  expect(await pwned()).toBeUndefined();
  // Fire, on every element, the events an attacker could have hung a handler on, and open every
  // dialog with its exchanges expanded (in the page: one round trip, not one per element).
  await page.evaluate(() => {
    for (const d of Array.from(document.querySelectorAll('dialog'))) {
      d.showModal();
      d.querySelectorAll('details').forEach((e) => e.setAttribute('open', ''));
      d.close();
    }
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart']) e.dispatchEvent(new Event(type));
    }
  });
  expect(await pwned()).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('script').count()).toBe(1); // the page's own, nothing injected
  expect(await page.locator('img, svg, iframe, object, embed').count()).toBe(0);
  expect(requested.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
});

browserTest('no element carries an attribute the renderer did not write, and classes come from known values only', async () => {
  const found = await page.$$eval('*', (els) => {
    const attrs = new Set<string>();
    const classes = new Set<string>();
    for (const e of els) {
      for (const a of Array.from(e.attributes)) attrs.add(a.name);
      e.classList.forEach((c) => classes.add(c));
    }
    return { attrs: [...attrs], classes: [...classes] };
  });
  expect(found.attrs.filter((a) => a.startsWith('on') || a === 'style' || a === 'autofocus' || a === 'src')).toEqual([]);
  for (const c of found.classes) expect(c).toMatch(/^[a-z0-9-]+$/);
  // the crafted payloads are shown as text
  expect(await page.locator('body').innerText()).toContain('window.__pwned=5');
});
