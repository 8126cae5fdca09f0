import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envTextFor } from '../cli/serve-line';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import type { RunResults } from '../verdict/types';
import { secretKeyForms, startEchoProxy, type EchoProxy } from './echo-proxy';

// The whole matrix, through the real CLI, against an endpoint that answers every request (trusted
// or under test, HTTP or HTTPS) with everything the request carried: every header, the body, each
// SSE-C key in base64, base64url, hex and raw bytes, the secret key raw, url-encoded and in base64;
// and that refuses some trusted steps with all of it in the error Message. Whatever the verdicts,
// no secret may reach any file under the report folder or the terminal.
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/sse-conformance.js');
// '/' and '+' so that the url-encoded form differs from the key itself.
const SECRET = 'echoSecret/Key+With/Slashes+AndPlus0123456';
jest.setTimeout(300000);

let ep: ReferenceEndpoint;
let proxy: EchoProxy;
let work: string;
let run: { code: number | null; out: string; err: string };
let envFile: string;

/** The CLI, asynchronously: the proxy and the endpoint answer from this process meanwhile. */
async function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out, err };
}

beforeAll(async () => {
  ep = await startReferenceEndpoint({ profile: 'obs', secretAccessKey: SECRET });
  proxy = await startEchoProxy({
    upstream: { http: ep.http, https: ep.https, caPem: fs.readFileSync(ep.caFile, 'utf8') },
    secretAccessKey: SECRET,
    refuseEvery: 7,
  });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-echo-'));
  const ca = path.join(work, 'proxy-ca.pem');
  fs.writeFileSync(ca, proxy.caPem);
  envFile = path.join(work, 'echo.env');
  fs.writeFileSync(envFile, envTextFor({ ...ep, caFile: ca }, { http: proxy.http, https: proxy.https }));
  run = await cli(['run', '--env-file', envFile, '--report-dir', path.join(work, 'reports'), '--timeout', '5000']);
});

afterAll(async () => {
  await proxy?.close();
  await ep?.close();
  if (work && !process.env.SSE_KEEP_ECHO_WORK) fs.rmSync(work, { recursive: true, force: true });
});

/** Every form of every secret that crossed the proxy, by a name that says what leaked. */
function secretForms(): Map<string, string> {
  const forms = new Map<string, string>();
  for (const [form, v] of Object.entries(secretKeyForms(SECRET))) forms.set(`secret key ${form}`, v.replace(/=+$/, ''));
  forms.set('secret key url-encoded (lower-case escapes)', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  let i = 0;
  for (const raw of proxy.seen.sseCKeys.values()) {
    const b64 = raw.toString('base64');
    const k = `SSE-C key ${i++}`;
    forms.set(`${k} base64`, b64.replace(/=+$/, ''));
    forms.set(`${k} base64url`, raw.toString('base64url'));
    forms.set(`${k} url-encoded`, encodeURIComponent(b64));
    forms.set(`${k} hex`, raw.toString('hex'));
    forms.set(`${k} HEX`, raw.toString('hex').toUpperCase());
    forms.set(`${k} raw (latin1)`, raw.toString('latin1'));
    forms.set(`${k} raw (UTF-8 decoded)`, raw.toString('utf8'));
  }
  for (const sig of proxy.seen.signatures) {
    forms.set(`signature ${sig.slice(0, 8)}…`, sig);
    if (/^[0-9a-f]{64}$/.test(sig)) forms.set(`signature ${sig.slice(0, 8)}… upper`, sig.toUpperCase());
    else if (encodeURIComponent(sig) !== sig) forms.set(`signature ${sig.slice(0, 8)}… url-encoded`, encodeURIComponent(sig));
  }
  return forms;
}

const decodeEntities = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** The views of a file a reader could see a secret in: its bytes as UTF-8 and latin1, entities decoded, JSON strings. */
function viewsOf(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('utf8');
  const views = [text, bytes.toString('latin1'), decodeEntities(text)];
  if (file.endsWith('.json')) views.push(strings(JSON.parse(text)).join('\n'));
  return views;
}

test('the run happened, through the proxy, and the endpoint echoed secrets into every kind of answer', () => {
  // Any verdict will do (the endpoint misbehaves on purpose), but the run must have ended by itself.
  expect({ code: run.code, err: run.err.slice(-2000) }).toMatchObject({ code: expect.any(Number) });
  expect([0, 1, 2]).toContain(run.code);
  // At least the request under test of each of the 128 cells went through it (fixtures and looks add more).
  expect(proxy.stats.requests).toBeGreaterThan(128);
  expect(proxy.stats.refused).toBeGreaterThan(10);
  expect(proxy.seen.sseCKeys.size).toBeGreaterThanOrEqual(1);
  expect(proxy.seen.signatures.size).toBeGreaterThan(100);
  const results = JSON.parse(fs.readFileSync(path.join(work, 'reports', 'latest', 'results.json'), 'utf8')) as RunResults;
  expect(results.cases).toHaveLength(128);
  // The echo reached the evidence, redacted: the scan below is not vacuous. (Reasons quote an answer's
  // status and code only, never the endpoint's message.)
  const text = JSON.stringify(results);
  expect(text).toContain('x-echo-authorization');
  expect(text).toContain('You sent:');
  const excerpts = results.cases.flatMap((c) => c.evidence.map((e) => e.response?.bodyExcerpt ?? ''));
  expect(excerpts.filter((x) => x.includes('You sent:') && x.includes('[REDACTED]')).length).toBeGreaterThan(0);
});

test('no form of any secret in any file under the report folder', () => {
  const forms = secretForms();
  const files = filesUnder(path.join(work, 'reports'));
  const names = files.map((f) => path.relative(path.join(work, 'reports'), f));
  for (const f of ['results.json', 'junit.xml', 'summary.md', 'index.html']) expect(names).toContain(path.join('latest', f));
  const leaks: string[] = [];
  for (const file of files) {
    const views = viewsOf(file);
    for (const [what, form] of forms) if (views.some((v) => v.includes(form))) leaks.push(`${path.relative(work, file)}: ${what}`);
  }
  if (leaks.length) fs.writeFileSync(path.join(work, 'leaks.json'), JSON.stringify([...forms].filter(([w]) => leaks.some((l) => l.endsWith(w)))));
  expect(leaks).toEqual([]);
});

/** Characters of a secret that make a fragment: fewer could occur by chance in a report. */
const FRAGMENT = 12;

/**
 * Every run of FRAGMENT characters of every form of every secret, by a name that says what it is
 * part of. A part is a leak too: the harness must never cut a text, or let a parser rewrite it,
 * before it is redacted (a cut key no longer matches any whole form). Runs of few distinct
 * characters (U+FFFD runs of a key decoded as UTF-8) are left out: they say nothing.
 */
function secretFragments(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [what, form] of secretForms()) {
    for (let at = 0; at + FRAGMENT <= form.length; at++) {
      const w = form.slice(at, at + FRAGMENT);
      if (new Set(w).size >= FRAGMENT / 2 && !out.has(w)) out.set(w, `${what} at ${at}`);
    }
  }
  return out;
}

/** Where in the texts some part of a secret is, by the text's name. */
function fragmentLeaks(texts: [string, string][], fragments: Map<string, string>): string[] {
  const leaks = new Set<string>();
  for (const [where, text] of texts) {
    for (let i = 0; i + FRAGMENT <= text.length; i++) {
      const hit = fragments.get(text.slice(i, i + FRAGMENT));
      if (hit) leaks.add(`${where}: part of ${hit}`);
    }
  }
  return [...leaks];
}

test('no part of any secret (12 characters or more) in any file under the report folder', () => {
  const fragments = secretFragments();
  expect(fragments.size).toBeGreaterThan(1000); // every key, in every form, at every offset
  const texts = filesUnder(path.join(work, 'reports')).flatMap((file) => viewsOf(file).map((v): [string, string] => [path.relative(work, file), v]));
  expect(fragmentLeaks(texts, fragments)).toEqual([]);
});

function terminalLeaks(r: { out: string; err: string }): string[] {
  const forms = secretForms();
  const leaks: string[] = [];
  for (const [stream, text] of Object.entries({ stdout: r.out, stderr: r.err })) {
    const utf8 = Buffer.from(text, 'latin1').toString('utf8');
    for (const [what, form] of forms) if (text.includes(form) || utf8.includes(form)) leaks.push(`${stream}: ${what}`);
    leaks.push(...fragmentLeaks([[stream, text], [stream, utf8]], secretFragments()));
  }
  return leaks;
}

test('no form of any secret, nor any part of one, in the terminal output', () => {
  expect(terminalLeaks(run)).toEqual([]);
});

test('nor in the one-line error of a command whose trusted request the endpoint refuses with the echo (cleanup)', async () => {
  proxy.setRefuseEvery(1);
  try {
    const r = await cli(['cleanup', '--env-file', envFile, '--older-than', '0s']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/\S/); // it said why
    expect(terminalLeaks(r)).toEqual([]);
  } finally {
    proxy.setRefuseEvery(7);
  }
});
