import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');

function cli(args: string[], env: Record<string, string> = {}, cwd = os.tmpdir()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('list --json prints the 128 cases, 48 to be rejected', () => {
  const r = cli(['list', '--json']);
  expect(r.code).toBe(0);
  const cases = JSON.parse(r.out) as { id: string; expected: string }[];
  expect(cases).toHaveLength(128);
  expect(cases.filter((c) => c.expected === 'reject')).toHaveLength(48);
  expect(cases.map((c) => c.id)).toContain('upload-part-copy/plain-to-sse-kms/http-v2');
});

test('filters narrow the list', () => {
  const r = cli(['list', '--table', 'sse-kms', '--protocol', 'http', '--json']);
  expect(JSON.parse(r.out)).toHaveLength(14);
});

test.each([
  [['list', '--bogus'], /unknown option '--bogus'/],
  [['list', '--table', 'nope'], /--table.*"nope" is not one of/],
  [['run', '--concurrency', '0'], /--concurrency.*whole number from 1 to 256/],
  [['run', '--shard', '4/3'], /--shard.*i\/n/],
  [['frobnicate'], /unknown command 'frobnicate'/],
])('a wrong flag or value is one line naming it, exit 2: %j', (args, message) => {
  const r = cli(args);
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(message);
});

test('a bad .env names the setting and exits 2 before anything runs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-env-'));
  fs.writeFileSync(path.join(dir, '.env'), 'S3_ENDPOINT_HTTP=http://127.0.0.1:1\nS3_ENDPOINT_HTTPS=https://127.0.0.1:2\nS3_ACCESS_KEY_ID=a\nS3_BUCKET=bucket1\n');
  const r = cli(['run'], {}, dir);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^sse-conformance: S3_SECRET_ACCESS_KEY: missing/);
});

test('a bad profile names the file and the row', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-profile-'));
  const p = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/profiles/obs.json'), 'utf8'));
  p.tables[0].rows[1].interface = 'post-objekt';
  fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(p));
  const r = cli(['list', '--profile', path.join(dir, 'bad.json')]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/bad\.json is invalid/);
  expect(r.err).toMatch(/table sse-c row 2 \(post-objekt\) field "interface"/);
});

test('--help and --version exit 0', () => {
  expect(cli(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  for (const cmd of ['run', 'list', 'serve', 'cleanup', 'merge']) {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Usage: sse-conformance ${cmd}`));
  }
});
