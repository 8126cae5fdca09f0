import { spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
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
  for (const cmd of ['run', 'list', 'serve', 'cleanup', 'merge', 'compare']) {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Usage: sse-conformance ${cmd}`));
  }
});

// Item 12 of issue 11: each of these mistakes is one clear line, exit 2, before any request and
// with no runner noise (jest's "Validation Warning", "globalSetup", a stack).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-cli-errors-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const ONE = ['--only', 'sse-c/get-object/http-v2'];

function oneLine(r: { code: number | null; err: string }, message: RegExp) {
  expect({ code: r.code, lines: r.err.trim().split('\n').length }).toEqual({ code: 2, lines: 1 });
  expect(r.err.trim()).toMatch(message);
  expect(r.err).not.toMatch(/Validation|globalSetup|\n\s+at |error:/);
}

const liveEnv = (extra: string) =>
  `S3_ENDPOINT_HTTP=http://127.0.0.1:1\nS3_ENDPOINT_HTTPS=https://127.0.0.1:2\nS3_ACCESS_KEY_ID=AKIDEXAMPLE\nS3_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\nS3_BUCKET=bucket1\n${extra}`;

function envDir(name: string, text: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.env'), text);
  return dir;
}

test('a missing or folder --env-file is our one line (Node 20 took the flag as its own and exited 9: the bin\'s shebang ends node\'s options)', () => {
  // Run as a user runs it (npx, a PATH entry): the file itself, through its shebang.
  const bin = (args: string[]) => {
    const r = spawnSync(BIN, args, { cwd: scratch, env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` }, encoding: 'utf8', timeout: 30000 });
    return { code: r.status, err: r.stderr };
  };
  oneLine(bin(['run', '--env-file', '/nonexistent/x.env']), /^sse-conformance: --env-file: \/nonexistent\/x\.env does not exist$/);
  oneLine(bin(['run', '--env-file', scratch]), /^sse-conformance: --env-file: .* is a folder, not a file$/);
});

test.each<[string, string, RegExp]>([
  ['ca-folder', 'S3_CA_FILE=/tmp\n', /^sse-conformance: S3_CA_FILE: \/tmp is a folder, not a file$/],
  ['ca-not-pem', 'S3_CA_FILE=.env\n', /^sse-conformance: S3_CA_FILE: \.env is not a PEM certificate file/],
  ['port-0', 'S3_REGION=us-east-1\n', /^sse-conformance: S3_ENDPOINT_HTTP: port 0 is not a port/],
])('a bad setting in .env is named (%s)', (name, extra, message) => {
  const text = name === 'port-0' ? liveEnv(extra).replace('127.0.0.1:1', '127.0.0.1:0') : liveEnv(extra);
  oneLine(cli(['run', ...ONE], {}, envDir(name, text)), message);
});

test('--ca-file naming a folder or a file that is not PEM is named', () => {
  const dir = envDir('ca-flag', liveEnv(''));
  oneLine(cli(['run', ...ONE, '--ca-file', scratch], {}, dir), /^sse-conformance: --ca-file: .* is a folder, not a file$/);
  oneLine(cli(['run', ...ONE, '--ca-file', '.env'], {}, dir), /^sse-conformance: --ca-file: \.env is not a PEM certificate file/);
});

test('a bad profile stops `run` before jest starts: the profile error alone', () => {
  const p = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/profiles/obs.json'), 'utf8'));
  p.tables[0].rows[1].interface = 'post-objekt';
  const file = path.join(scratch, 'bad-run.json');
  fs.writeFileSync(file, JSON.stringify(p));
  const r = cli(['run', '--profile', file, '--report-dir', path.join(scratch, 'r-profile')], {}, scratch);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^sse-conformance: profile .*bad-run\.json is invalid:\n {2}table sse-c row 2 \(post-objekt\) field "interface"/);
  expect(r.err).not.toMatch(/Validation|globalSetup|\n\s+at /);
  expect(r.out).toBe('');
});

test.each<[string[], RegExp]>([
  [['--only', 'sse-c/get-objekt/*'], /^sse-conformance: --only: "sse-c\/get-objekt\/\*" matches no case id/],
  [['--only', 'sse-c/**', '--only', 'nope'], /^sse-conformance: --only: "nope" matches no case id/],
  [['--only', 'sse-c/[get-object/*'], /^sse-conformance: --only: "sse-c\/\[get-object\/\*" has an unclosed "\["/],
  [['--only', 'sse-c/{get-object/*'], /^sse-conformance: --only: "sse-c\/\{get-object\/\*" has an unclosed "\{"/],
])('--only globs that match nothing or are malformed are named, in run and list: %j', (args, message) => {
  oneLine(cli(['list', ...args]), message);
  oneLine(cli(['run', ...args, '--report-dir', path.join(scratch, 'r-glob')], {}, scratch), message);
});

test('--report-dir that cannot hold reports is one line, exit 2, before the run (one of them hung)', () => {
  const file = path.join(scratch, 'a-file');
  fs.writeFileSync(file, '');
  oneLine(cli(['run', ...ONE, '--report-dir', file], {}, scratch), /^sse-conformance: --report-dir: .*a-file is not a folder$/);
  oneLine(cli(['run', ...ONE, '--report-dir', '/proc/nope/reports'], {}, scratch), /^sse-conformance: --report-dir: cannot create \/proc\/nope\/reports/);
  oneLine(cli(['run', ...ONE, '--report-dir', '/proc/self'], {}, scratch), /^sse-conformance: --report-dir: cannot write in \/proc\/self/);
  expect(fs.readdirSync(scratch).filter((f) => f.startsWith('.sse-conformance-probe'))).toEqual([]);
});

test("--report-dir whose latest/ is the user's folder: refused, the folder untouched", () => {
  const docs = path.join(scratch, 'mydocs');
  fs.mkdirSync(path.join(docs, 'latest'), { recursive: true });
  fs.writeFileSync(path.join(docs, 'latest', 'notes.txt'), 'precious');
  oneLine(cli(['run', ...ONE, '--report-dir', docs], {}, scratch), /^sse-conformance: --report-dir: .*mydocs\/latest exists and was not written by sse-conformance/);
  expect(fs.readFileSync(path.join(docs, 'latest', 'notes.txt'), 'utf8')).toBe('precious');
  expect(fs.readdirSync(docs)).toEqual(['latest']);
});

test.each([
  [['run', '--settle', '-1'], /--settle.*whole number from 0 to 600000/],
  [['run', '--settle', '600001'], /--settle.*whole number from 0 to 600000/],
  [['run', '--seed', '1.5'], /--seed.*whole number from 0 to 4294967295/],
  [['run', '--seed', '-3'], /--seed.*whole number from 0/],
])('a wrong --settle or --seed is one line naming it: %j', (args, message) => {
  const r = cli(args as string[]);
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(message);
});

test('run --help lists --settle and --seed; cleanup --help lists --run', () => {
  const run = cli(['run', '--help']).out;
  expect(run).toMatch(/--settle <ms>.*\(default: 2000; 0 against the embedded\s+endpoint\)/s);
  expect(run).toMatch(/--seed <n>/);
  expect(cli(['cleanup', '--help']).out).toMatch(/--run <run-id>/);
});

// Issue 12 item 4: `list` reads the settings exactly as `run` does (.env, --env-file, SSE_PROFILE).
test('list reads .env and --env-file as run does: SSE_PROFILE there picks the profile, --profile wins, a bad setting is refused', () => {
  const p = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/profiles/obs.json'), 'utf8'));
  p.name = 'kms-only';
  p.tables = p.tables.filter((t: { id: string }) => t.id === 'sse-kms');
  const profile = path.join(scratch, 'kms-only.json');
  fs.writeFileSync(profile, JSON.stringify(p));
  const ids = (r: { code: number | null; out: string; err: string }): string[] => {
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    return (JSON.parse(r.out) as { id: string }[]).map((c) => c.id);
  };
  // .env in the working folder.
  const dir = envDir('list-dotenv', `SSE_PROFILE=${profile}\n`);
  const fromDotenv = ids(cli(['list', '--json'], {}, dir));
  expect(fromDotenv).toHaveLength(28);
  expect(fromDotenv.every((id) => id.startsWith('sse-kms/'))).toBe(true);
  // --env-file elsewhere, from a folder without .env; run as a user runs it (through the shebang,
  // whose `--` keeps Node 20 from taking --env-file as its own and loading the file itself).
  const viaBin = (args: string[]) => {
    const r = spawnSync(BIN, args, { cwd: scratch, env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` }, encoding: 'utf8', timeout: 30000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  expect(ids(viaBin(['list', '--json', '--env-file', path.join(dir, '.env')]))).toEqual(fromDotenv);
  // --profile over the file's SSE_PROFILE, as for run.
  expect(ids(cli(['list', '--json', '--profile', 'obs'], {}, dir))).toHaveLength(128);
  // The process environment over the file, as dotenv does.
  expect(ids(cli(['list', '--json'], { SSE_PROFILE: 'obs' }, dir))).toHaveLength(128);
  // A setting run would refuse is refused by list too: one line naming it.
  oneLine(cli(['list'], {}, envDir('list-bad', 'S3_ENDPOINT_HTTP=http://127.0.0.1:1\nS3_ENDPOINT_HTTPS=https://127.0.0.1:2\nS3_ACCESS_KEY_ID=a\nS3_BUCKET=bucket1\n')), /^sse-conformance: S3_SECRET_ACCESS_KEY: missing/);
  oneLine(viaBin(['list', '--env-file', '/nonexistent/x.env']), /^sse-conformance: --env-file: \/nonexistent\/x\.env does not exist$/);
});

// Issue 12 item 4: `cleanup` takes --timeout (same parser and default as run's) and its requests use it.
describe('cleanup --timeout', () => {
  let server: net.Server;
  const sockets = new Set<net.Socket>();
  let envText: string;
  beforeAll(async () => {
    // Accepts and never answers (not even the TLS handshake): only the deadline ends a request.
    server = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    envText = liveEnv('').replace('https://127.0.0.1:2', `https://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // The CLI as a child, without blocking this process (it holds the silent server).
  const cliAsync = (args: string[], env: Record<string, string>, cwd: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });

  test('--timeout bounds each request of cleanup; without it SSE_TIMEOUT_MS does, as for run', async () => {
    const dir = envDir('cleanup-timeout', envText);
    const flagged = await cliAsync(['cleanup', '--timeout', '300'], {}, dir);
    expect(flagged.code).toBe(2);
    expect(flagged.err.trim()).toBe('sse-conformance: error: list objects: no complete answer within 300 ms');
    const fromEnv = await cliAsync(['cleanup'], { SSE_TIMEOUT_MS: '250' }, dir);
    expect(fromEnv.err.trim()).toBe('sse-conformance: error: list objects: no complete answer within 250 ms');
  }, 30_000);

  test('a wrong --timeout is one line naming it, with run\'s range', () => {
    for (const cmd of ['cleanup', 'run']) {
      const r = cli([cmd, '--timeout', '99']);
      expect({ code: r.code, lines: r.err.trim().split('\n').length }).toEqual({ code: 2, lines: 1 });
      expect(r.err).toMatch(/--timeout.*whole number from 100 to 600000/);
    }
    expect(cli(['cleanup', '--help']).out).toMatch(/--timeout <ms>\s+per-request timeout in ms \(default: SSE_TIMEOUT_MS or\s+15000\)/);
  });
});

test('cleanup without an endpoint is one line (nothing to clean in the embedded endpoint), exit 2', () => {
  oneLine(cli(['cleanup', '--older-than', '1d', '--dry-run'], {}, envDir('no-endpoint', '')), /^sse-conformance: cleanup needs an endpoint: set S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS/);
});
