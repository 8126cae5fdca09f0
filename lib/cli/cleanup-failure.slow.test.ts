import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openBucketClient } from '../engine/bucket-client';
import { RUN_PREFIX_ROOT } from '../engine/prefix';
import { targetOf } from '../engine/embedded-target';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { proxyCertificate, startFaultProxy, type FaultProxy } from '../reliability/fault-proxy';
import { caBundle, hostPort, tempDir } from '../reliability/fault-run';
import type { RunResults } from '../verdict/types';
import { envTextFor, serveLineOf } from './serve-line';

// Issue 11 item 10: an endpoint that refuses the cleanup's deletes (500 to every DELETE and
// multi-object delete, answered by a TLS-terminating proxy in front of the trusted HTTPS path) must
// not end in CONFORMANT, exit 0 with the run's objects left in the bucket: the run says what is
// left, where, and the command that deletes it, and exits 2. That command then works.

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
jest.setTimeout(120_000);

let dir: string;
let ep: ReferenceEndpoint;
let proxy: FaultProxy;
let envFile: string;

beforeAll(async () => {
  dir = tempDir('cleanup-refused');
  ep = await startReferenceEndpoint({ caFile: path.join(dir, 'endpoint-ca.pem') });
  const cert = await proxyCertificate();
  proxy = await startFaultProxy({
    upstream: hostPort(ep.https),
    mode: 'http',
    terminateTls: { ...cert, upstreamCa: fs.readFileSync(ep.caFile, 'utf8') },
    onRequest: (r) => (r.method === 'DELETE' || (r.method === 'POST' && /[?&]delete(=|&|$)/.test(r.target)) ? { kind: 'error-500' } : { kind: 'pass' }),
  });
  envFile = path.join(dir, 'target.env');
  fs.writeFileSync(envFile, envTextFor({ ...serveLineOf(ep), caFile: caBundle(dir, [cert.cert]) }, { https: proxy.url('https') }));
});

afterAll(async () => {
  await proxy?.close();
  await ep?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a child; asynchronous, since the endpoint and the proxy answer from this process. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function leftUnder(prefix: string): Promise<number> {
  // Straight to the endpoint, past the proxy: the count does not go through the faults.
  const direct = openBucketClient(targetOf(ep), { timeoutMs: 5000 });
  try {
    return (await direct.listKeys(prefix)).length + (await direct.listUploads(prefix)).length;
  } finally {
    direct.close();
  }
}

test('refused cleanup deletes: every cell passes, yet exit 2 with what was left and the cleanup command, which then works', async () => {
  const reports = path.join(dir, 'reports');
  const r = await cli(['run', '--env-file', envFile, '--only', 'sse-c/put-object/*', '--report-dir', reports]);
  if (!fs.existsSync(path.join(reports, 'latest', 'results.json'))) throw new Error(`no report; exit ${r.code}; stderr:\n${r.err}`);
  const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
  const prefix = `${RUN_PREFIX_ROOT}${results.runId}/`;
  const left = await leftUnder(prefix);
  expect(left).toBeGreaterThan(0);

  expect(results.summary).toMatchObject({ total: 4, pass: 4 });
  expect(results.cleanup).toMatchObject({ ok: false, prefix, left });
  expect(results.cleanup!.failures.join(' ')).toMatch(/delete object.*500/);
  expect(r.code).toBe(2);
  const warning = r.err.slice(r.err.indexOf('warning: cleanup did not finish'));
  expect(warning).toMatch(new RegExp(`^warning: cleanup did not finish: ${left} objects or uploads left under ${prefix}\\n`));
  const command = /delete them with: npx sse-conformance (cleanup .*)$/m.exec(warning)?.[1];
  expect(command).toBe(`cleanup --run ${results.runId} --env-file ${envFile}`);

  // The endpoint takes deletes again; the printed command deletes exactly the run's leftovers.
  proxy.setPolicy({ onRequest: () => ({ kind: 'pass' }) });
  const c = await cli(command!.split(' '));
  expect({ code: c.code, err: c.err }).toEqual({ code: 0, err: '' });
  expect(c.out).toMatch(new RegExp(`run ${results.runId}: deleted \\d+ objects`));
  expect(await leftUnder(prefix)).toBe(0);
});
