import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { RunResults } from '../verdict/types';
import { BIN, startServeProcess, type ServeProcess } from './test-support/serve-process';

// The CLI as a user runs it: `serve` in one process, `run` pointed at it through an env file,
// shards merged. Real processes, real sockets.
jest.setTimeout(180000);

let serve: ServeProcess;
let envFile: string;
let work: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-cli-'));
  serve = await startServeProcess([], path.join(work, 'serve.env'));
  expect(Object.keys(serve.line).sort()).toEqual(['accessKeyId', 'atRestToken', 'bucket', 'caFile', 'http', 'https', 'kmsKeyId', 'kmsKeyId2', 'region', 'secretAccessKey']);
  envFile = serve.env;
});

afterAll(async () => {
  await serve?.stop();
});

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run', '--env-file', envFile, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const load = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults;
const verdicts = (r: RunResults) => r.cases.map((c) => `${c.id} ${c.verdict}`);

test('run against a separately started serve: 128 PASS, exit 0, the four report files', () => {
  const r = run(['--report-dir', path.join(work, 'full')]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/128 cells: 128 ✓ pass/);
  expect(r.out).toMatch(/report: .*index\.html/);
  const latest = path.join(work, 'full', 'latest');
  for (const f of ['results.json', 'junit.xml', 'summary.md', 'index.html']) expect(fs.existsSync(path.join(latest, f))).toBe(true);
  const res = load(latest);
  expect(res).toMatchObject({ schemaVersion: 1, profile: 'obs', summary: { total: 128, pass: 128, fail: 0, error: 0, skipped: 0 } });
  expect(res.endpoint.embedded).toBe(false);
  const junit = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(path.join(latest, 'junit.xml'), 'utf8'));
  const suites = [junit.testsuites.testsuite].flat() as { testcase: unknown[] }[];
  expect(suites.reduce((n, s) => n + [s.testcase].flat().length, 0)).toBe(128);
  // Everything the run created is gone: the next run's listing under the prefix is empty (checked by cleanup's dry run).
  const c = spawnSync(process.execPath, [BIN, 'cleanup', '--env-file', envFile, '--older-than', '0s', '--dry-run'], { cwd: work, encoding: 'utf8' });
  expect(c.stdout).toMatch(/0 run prefixes found/);
});

test('a filtered run judges only its slice', () => {
  const r = run(['--only', 'sse-c/get-object/*', '--report-dir', path.join(work, 'slice')]);
  expect(r.code).toBe(0);
  expect(load(path.join(work, 'slice', 'latest')).cases.map((c) => c.id)).toEqual([
    'sse-c/get-object/http-v2',
    'sse-c/get-object/http-v4',
    'sse-c/get-object/https-v2',
    'sse-c/get-object/https-v4',
  ]);
});

test('shards 1/3, 2/3, 3/3 merged give the same cases as one run', () => {
  const dirs: string[] = [];
  for (const i of [1, 2, 3]) {
    const dir = path.join(work, `shard${i}`);
    const r = run(['--shard', `${i}/3`, '--report-dir', dir]);
    expect(r.code).toBe(0); // an empty shard (jest gives none of the four suites to it) judges nothing and says so
    if (fs.existsSync(path.join(dir, 'latest', 'results.json'))) dirs.push(path.join(dir, 'latest'));
  }
  const m = spawnSync(process.execPath, [BIN, 'merge', ...dirs, '--report-dir', path.join(work, 'merged')], { cwd: work, encoding: 'utf8' });
  expect(m.status).toBe(0);
  expect(verdicts(load(path.join(work, 'merged')))).toEqual(verdicts(load(path.join(work, 'full', 'latest'))));
});

test('an embedded run: --seed and --settle reach results.json, nothing is left in the temp folder, latest/ replaced only as ours', () => {
  // Issue 11 items 8 and 13, and the run settings: an embedded run (no env file) with a temp folder of its own.
  const tmp = fs.mkdtempSync(path.join(work, 'tmp-'));
  const reports = path.join(work, 'embedded');
  const elsewhere = path.join(work, 'elsewhere');
  fs.mkdirSync(reports);
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'keep.txt'), 'keep');
  // A latest that is a link: replaced, what it points to left alone.
  fs.symlinkSync(elsewhere, path.join(reports, 'latest'));
  const embedded = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'run', '--only', 'sse-c/get-object/*', '--report-dir', reports, ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CI: 'true', TMPDIR: tmp },
    });
    return { code: r.status, err: r.stderr };
  };

  const first = embedded(['--seed', '7', '--settle', '0']);
  expect(first.code).toBe(0);
  const res = load(path.join(reports, 'latest'));
  expect(res).toMatchObject({ seed: 7, settleMs: 0, endpoint: { embedded: true }, cleanup: { ok: true, left: 0, skipped: 0, failures: [] } });
  expect(fs.lstatSync(path.join(reports, 'latest')).isSymbolicLink()).toBe(false);
  expect(fs.readdirSync(elsewhere)).toEqual(['keep.txt']);
  expect(fs.readdirSync(path.join(reports, 'latest'))).toContain('.sse-conformance-report');
  // tsx and jest may cache there; the reference endpoint's CA folder (sse-ref-*) must be gone.
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('sse-'))).toEqual([]);

  // Our own latest/ is replaced by the next run; without --seed one is drawn, and --settle defaults to 0 against the embedded endpoint (it finishes every write before answering).
  const second = embedded([]);
  expect(second.code).toBe(0);
  const again = load(path.join(reports, 'latest'));
  expect(again.runId).not.toBe(res.runId);
  expect(again.settleMs).toBe(0);
  expect(Number.isInteger(again.seed) && again.seed! >= 0 && again.seed! < 2 ** 32).toBe(true);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('sse-'))).toEqual([]);
});
