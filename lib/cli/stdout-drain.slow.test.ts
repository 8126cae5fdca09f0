import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Issue 19: stdout and stderr are fully written before the process exits, piped or not. The CLI
// ends with process.exit (keep-alive sockets must not hold it open), and stdout to a pipe is
// asynchronous: `list --json | jq` got the first 65,536 bytes (what the pipe holds) when the reader
// was slower than the writer. Here the reader is another process that takes one byte, waits until
// the writer has written all it will and, before the fix, exited, then reads the rest.

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
jest.setTimeout(120_000);

/** Reads one byte from stdin (blocking: the writer has started writing), waits, then the rest; writes it all to stdout. */
const SLOW_READER = `
const fs = require('node:fs');
const first = Buffer.alloc(1);
const n = fs.readSync(0, first, 0, 1, null);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[1]));
process.stdout.write(Buffer.concat([first.subarray(0, n), fs.readFileSync(0)]));
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-piped-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `sse-conformance <args> | slow reader`: what the reader got, and the CLI's exit code (written by the shell to a file). */
function throughSlowPipe(args: string[], waitMs = 1500): Promise<{ out: Buffer; code: number; err: string }> {
  const status = path.join(dir, `status-${Math.random().toString(36).slice(2, 8)}`);
  // "$@" is the CLI's arguments; $0 node, $1 bin, $2 the status file, $3 the reader, $4 its wait.
  const script = 'n="$0"; b="$1"; s="$2"; r="$3"; w="$4"; shift 5; { "$n" "$b" "$@"; echo $? > "$s"; } | "$n" -e "$r" "$w"';
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, process.execPath, BIN, status, SLOW_READER, String(waitMs), '--', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      resolve({ out: Buffer.concat(out), code: Number(fs.readFileSync(status, 'utf8')), err });
    });
  });
}

test('list --json through a slow pipe: all of it (more than 64 KiB), valid JSON, the same as to a file', async () => {
  const r = await throughSlowPipe(['list', '--json']);
  expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
  expect(r.out.length).toBeGreaterThan(64 * 1024);
  const cases = JSON.parse(r.out.toString('utf8')) as { id: string }[];
  expect(cases).toHaveLength(128);
  // To a file stdout is synchronous: the reference.
  const file = path.join(dir, 'list.json');
  const fd = fs.openSync(file, 'w');
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [BIN, 'list', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', fd, 'inherit'] });
    c.once('error', reject);
    c.once('close', () => resolve());
  });
  fs.closeSync(fd);
  expect(r.out.equals(fs.readFileSync(file))).toBe(true);
});

test('run --json through a slow pipe: every line parses, the summary last', async () => {
  const r = await throughSlowPipe(['run', '--json', '--only', 'sse-c/put-object/*', '--only', 'sse-kms/get-object/*', '--settle', '0', '--report-dir', path.join(dir, 'reports')]);
  const lines = r.out.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; exitCode?: number; total?: number });
  expect(lines.filter((l) => l.type === 'cell')).toHaveLength(8);
  // What is asserted is the output, whole: the verdicts are other tests' business; the exit code is the one the summary gives.
  expect(lines.at(-1)).toMatchObject({ type: 'summary', total: 8, exitCode: r.code });
  expect(lines).toHaveLength(9);
});
