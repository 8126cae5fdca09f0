// The causes block of index.html in headless Chromium: each cause's cell links open that cell's
// detail; and a results set whose causes were crafted (every answer, title, sentence and cell an
// attack, as an endpoint's status text or a results.json handed to `merge` could carry) runs no
// script, opens no dialog, loads nothing, and shows the payloads as text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { groupCauses } from '../../verdict/causes';
import type { RunResults } from '../../verdict/types';
import { failCell, makeCausesFixture } from '../causes-fixture';
import { renderHtml } from './render';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Kept after the run so the page and its screenshot can be looked at. */
const OUT_DIR = path.join(os.tmpdir(), 'sse-conformance-causes-browser');

jest.setTimeout(60_000);

const PAYLOADS = [
  'x"><img src=x onerror="window.__pwned=1">',
  "x'><svg onload='window.__pwned=2'>",
  'x" autofocus onfocus="window.__pwned=3" tabindex="0',
  '</code></a></li></ol></section><script>window.__pwned=5;alert(5)</script>',
  'javascript:window.__pwned=6',
  '" style="position:fixed;inset:0;background:url(https://attacker.example/x.png)',
  '\x1b]0;title\x07\u202eevil\r\n<b>bold</b>',
];

/** Some cells of one cause, so a cause has several links. */
function honest(): RunResults {
  const r = makeCausesFixture();
  for (const id of ['sse-kms/put-object/https-v2', 'sse-kms/post-object/https-v2', 'sse-kms/upload-part/https-v2']) {
    failCell(r, id, { severity: 'exposure', status: 200, cause: { id: 'accepted-forbidden-auth', answer: '200 OK' } });
  }
  return r;
}

function crafted(): RunResults {
  const r = honest();
  let i = 0;
  const evil = () => PAYLOADS[i++ % PAYLOADS.length];
  for (const c of r.cases) if (c.cause) c.cause.answer = evil();
  r.causes = groupCauses(r.cases);
  for (const g of r.causes) Object.assign(g, { answer: `${evil()}${'A'.repeat(10_000)}`, title: evil(), sentence: evil(), compact: [evil(), ...g.compact], verdict: evil(), severity: evil() });
  r.causes[0].cells.push(evil(), evil());
  return r;
}

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(`Chromium is missing at ${CHROMIUM}: the causes browser test is SKIPPED (install: apt-get install -y chromium)`);
}
const browserTest = haveChromium || process.env.CI ? test : test.skip;

let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!haveChromium) {
    if (!process.env.CI) return;
    throw new Error(`Chromium is missing at ${CHROMIUM} on this CI machine (install: apt-get install -y chromium)`);
  }
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'honest.html'), renderHtml(honest()));
  fs.writeFileSync(path.join(OUT_DIR, 'crafted.html'), renderHtml(crafted()));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
});

const pwned = (): Promise<unknown> => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

browserTest('a cause\'s cell link opens that cell\'s detail, which names the cause', async () => {
  await page.goto(pathToFileURL(path.join(OUT_DIR, 'honest.html')).href);
  const causes = page.locator('section.causes li.cause');
  expect(await causes.count()).toBe(6);
  const first = causes.first();
  expect(await first.locator('.cause-head').innerText()).toMatch(/FAIL \(exposure\)\s+accepted with a signature the rule forbids\s+answered 200 OK/i);
  expect(await first.locator('.cause-count').innerText()).toMatch(/4\s+cells/);
  await first.locator('details.cause-cells summary').click();
  const id = 'sse-kms/post-object/https-v2';
  await first.locator(`a[href="#${encodeURIComponent(id)}"]`).click();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor({ state: 'visible' });
  expect(await dialog.getAttribute('data-case-id')).toBe(id);
  expect(await dialog.innerText()).toMatch(/Cause\s+accepted with a signature the rule forbids · answered 200 OK/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(OUT_DIR, 'causes.png'), clip: (await page.locator('section.causes').boundingBox())! });
  expect(pageErrors).toEqual([]);
});

browserTest('crafted causes run nothing: no script, dialog, request or injected element; the payloads show as text', async () => {
  await page.goto(pathToFileURL(path.join(OUT_DIR, 'crafted.html')).href);
  expect(await pwned()).toBeUndefined();
  await page.evaluate(() => {
    document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''));
    for (const e of Array.from(document.querySelectorAll('section.causes *'))) {
      for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart', 'click']) e.dispatchEvent(new Event(type));
    }
  });
  expect(await pwned()).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('script').count()).toBe(1);
  expect(await page.locator('img, svg, iframe, object, embed, section.causes .cause-body b').count()).toBe(0);
  const attrs = await page.$$eval('section.causes *', (els) => [...new Set(els.flatMap((e) => Array.from(e.attributes).map((a) => a.name)))]);
  expect(attrs.filter((a) => a.startsWith('on') || a === 'style' || a === 'autofocus' || a === 'src')).toEqual([]);
  const classes = await page.$$eval('section.causes *', (els) => [...new Set(els.flatMap((e) => Array.from(e.classList)))]);
  for (const c of classes) expect(c).toMatch(/^[a-z0-9-]+$/);
  const text = await page.locator('section.causes').innerText();
  expect(text).toContain('window.__pwned=5');
  expect(text).toContain('<b>bold</b>');
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  // The answers are cut: 10,000 characters of each do not reach the page.
  expect(text).not.toContain('A'.repeat(300));
  expect(requested.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
});
