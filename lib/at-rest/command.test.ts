import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redactor } from '../redact/redact';
import { runProbeCommand, splitCommand, STDERR_READ } from './command';
import type { StoredObject } from './ledger';
import { probeExchange } from './verdicts';

// Real processes: the contract is about exit codes, stdout, stderr, time and size.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-at-rest-cmd-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const node = process.execPath;
const script = (name: string, body: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, body);
  return f;
};
const limits = { timeoutMs: 10_000 };

test('splitCommand: words and quotes, no expansion', () => {
  expect(splitCommand(`probe --dir '/a b' "c\\"d" e\\ f $HOME`)).toEqual(['probe', '--dir', '/a b', 'c"d', 'e f', '$HOME']);
  expect(splitCommand("x ''")).toEqual(['x', '']);
  expect(() => splitCommand('x "y')).toThrow(/unbalanced/);
});

test('exit 0: stdout is the stored bytes (binary, whole), stderr kept', async () => {
  const f = script('ok.js', "process.stderr.write('note'); process.stdout.write(Buffer.from([0, 1, 2, 255]));");
  const r = await runProbeCommand([node, f], 'b', 'k', limits);
  expect(r).toEqual({ kind: 'bytes', bytes: Buffer.from([0, 1, 2, 255]), stderr: 'note' });
});

test('bucket and key are two arguments, passed verbatim (no shell ever sees them)', async () => {
  const marker = path.join(dir, 'pwned');
  const f = script('argv.js', 'process.stdout.write(JSON.stringify(process.argv.slice(2)));');
  const key = `a b;touch ${marker};$(touch ${marker})\`touch ${marker}\`'"\n`;
  const r = await runProbeCommand([node, f, '--opt'], 'bucket', key, limits);
  expect(r.kind).toBe('bytes');
  expect(JSON.parse((r as { bytes: Buffer }).bytes.toString())).toEqual(['--opt', 'bucket', key]);
  expect(fs.existsSync(marker)).toBe(false);
});

test('exit 3 is "not found"; any other exit is a probe error', async () => {
  expect(await runProbeCommand([node, '-e', 'process.exit(3)'], 'b', 'k', limits)).toEqual({ kind: 'not-found', stderr: '' });
  const r = await runProbeCommand(['false'], 'b', 'k', limits);
  expect(r).toMatchObject({ kind: 'error', message: 'exit 1' });
  expect(await runProbeCommand([path.join(dir, 'no-such-probe')], 'b', 'k', limits)).toMatchObject({ kind: 'error', message: expect.stringMatching(/cannot start/) });
});

test('a probe that hangs (a script whose child holds stdout open) is killed at the time limit', async () => {
  const f = script('hang.sh', '#!/bin/sh\necho partial\nsleep 300\n');
  fs.chmodSync(f, 0o755);
  const r = await runProbeCommand([f], 'b', 'k', { timeoutMs: 500 });
  expect(r).toMatchObject({ kind: 'error', message: 'no answer within 500 ms (killed)' });
});

test('a probe printing without end is cut at the size cap and killed; what it printed is kept up to the cap', async () => {
  const r = await runProbeCommand(['yes'], 'b', 'k', { timeoutMs: 10_000, maxBytes: 1024 * 1024 });
  expect(r).toMatchObject({ kind: 'error', message: `more than ${1024 * 1024} bytes on stdout (killed)` });
  expect((r as { bytes: Buffer }).bytes.length).toBe(1024 * 1024);
});

test('stderr is bounded', async () => {
  const r = await runProbeCommand([node, '-e', "process.stderr.write('x'.repeat(100000)); process.exit(1)"], 'b', 'k', limits);
  // Read well beyond what is shown, so that a secret across the cut is redacted whole (verdicts.ts cuts after redacting).
  expect(r.stderr.length).toBe(STDERR_READ);
  expect(STDERR_READ).toBe(64 * 1024);
});

test('stderr is read far enough that a secret is never cut before it is redacted, however short what precedes it redacts', async () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  // 60 copies of the secret (each 40 characters redacted to 10), then one across the 5,120th character.
  const head = `${secret} `.repeat(60);
  const text = `${head}${'n'.repeat(5120 - 20 - head.length)}${secret}${'m'.repeat(3000)}`;
  const f = script('secret-err.js', `process.stderr.write(${JSON.stringify(text)}); process.exit(1);`);
  const r = await runProbeCommand([node, f], 'b', 'k', limits);
  const stored: StoredObject = { key: 'k', plaintext: Buffer.alloc(64), encrypted: true };
  const e = probeExchange(f, 'b', stored, r, { kind: 'probe-error', message: 'exit 1' }, 1, new Redactor([secret]));
  expect(e.error).toContain('[REDACTED]');
  for (let i = 0; i + 12 <= secret.length; i++) expect(e.error).not.toContain(secret.slice(i, i + 12));
});
