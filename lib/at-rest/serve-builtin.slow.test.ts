import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envTextFor, type ServeLine } from '../cli/serve-line';
import type { RunResults } from '../verdict/types';

// `--at-rest builtin` against a separately started `serve`, as a user sets it up: the env file
// from its JSON line (SSE_AT_REST_TOKEN included) plus SSE_AT_REST=builtin. Real processes.
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/sse-conformance.js');
jest.setTimeout(180000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-at-rest-serve-'));
const serves: ReturnType<typeof spawn>[] = [];
afterAll(async () => {
  for (const s of serves) {
    if (s.exitCode === null) {
      s.kill('SIGTERM');
      await new Promise((r) => s.once('exit', r));
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
});

async function serve(args: string[] = []): Promise<ServeLine> {
  const s = spawn(process.execPath, [BIN, 'serve', '--http-port', '0', '--https-port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  serves.push(s);
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    s.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
    });
    s.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return JSON.parse(line) as ServeLine;
}

function run(envText: string, name: string, only: string[]) {
  const envFile = path.join(work, `${name}.env`);
  fs.writeFileSync(envFile, envText);
  const reports = path.join(work, name);
  const r = spawnSync(process.execPath, [BIN, 'run', '--env-file', envFile, ...only.flatMap((o) => ['--only', o]), '--report-dir', reports, '--json'], { cwd: work, encoding: 'utf8' });
  const results = fs.existsSync(path.join(reports, 'latest', 'results.json')) ? (JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults) : undefined;
  return { code: r.status, out: r.stdout, err: r.stderr, results };
}

const ONLY = ['sse-c/put-object/*', 'sse-kms/complete-multipart-upload/*', 'copy/plain-to-sse-kms/*', 'copy/plain-to-plain/*'];

test('serve prints an admin token; SSE_AT_REST=builtin in the env file probes it: every accept cell verified at rest', async () => {
  const ep = await serve();
  expect(ep.atRestToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  const r = run(`${envTextFor(ep)}SSE_AT_REST=builtin\n`, 'ok', ONLY);
  expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
  expect(r.results!.atRest).toMatchObject({ probe: 'builtin', ok: true });
  const accept = r.results!.cases.filter((c) => c.expected === 'accept');
  expect(accept.length).toBeGreaterThan(8);
  for (const c of accept) expect([c.id, c.verdict, c.atRest]).toEqual([c.id, 'pass', 'verified']);
  // The token is a secret: in no report file.
  for (const f of fs.readdirSync(path.join(work, 'ok', 'latest'))) expect(fs.readFileSync(path.join(work, 'ok', 'latest', f), 'utf8')).not.toContain(ep.atRestToken);
});

test('serve --fault bookkeeping: caught at rest through the admin route (exit 1, FAIL downgrade)', async () => {
  const ep = await serve(['--fault', 'bookkeeping']);
  const r = run(`${envTextFor(ep)}SSE_AT_REST=builtin\n`, 'bk', ['sse-c/put-object/*', 'copy/plain-to-plain/*']);
  expect(r.code).toBe(1);
  for (const c of r.results!.cases.filter((x) => x.expected === 'accept')) {
    if (c.id.startsWith('sse-c/')) expect([c.id, c.verdict, c.severity, c.atRest]).toEqual([c.id, 'fail', 'downgrade', 'plaintext']);
    else expect([c.id, c.verdict, c.atRest]).toEqual([c.id, 'pass', 'verified']);
  }
});

test('a wrong token is one clear problem: the probe is declared broken, nothing passes on its word (exit 2)', async () => {
  const ep = await serve();
  const r = run(`${envTextFor({ ...ep, atRestToken: 'a-wrong-token-0123456789' })}SSE_AT_REST=builtin\n`, 'wrong', ['sse-c/put-object/https-v4']);
  expect(r.code).toBe(2);
  expect(r.results!.atRest).toMatchObject({ ok: false, problem: expect.stringMatching(/admin route answered 403/) });
  expect(r.results!.cases[0]).toMatchObject({ verdict: 'error', atRest: 'not-probed' });
  // One line on stderr says why (stdout holds only the JSON lines).
  expect(r.err.split('\n').filter((l) => /at rest/.test(l))).toEqual([expect.stringMatching(/^sse-conformance: at rest: the probe \(builtin\) is broken for this run: .*admin route answered 403/)]);
  expect(r.out.split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
});

test('builtin without the token: one line naming SSE_AT_REST_TOKEN, exit 2, before any cell', async () => {
  const ep = await serve();
  const r = run(`${envTextFor({ ...ep, atRestToken: undefined })}SSE_AT_REST=builtin\n`, 'notoken', ['sse-c/put-object/https-v4']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/SSE_AT_REST_TOKEN: missing/);
  expect(r.results).toBeUndefined();
});
