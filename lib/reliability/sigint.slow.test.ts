import { envTextFor, type ServeLine } from '../cli/serve-line';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { RUN_PREFIX_ROOT } from '../engine/prefix';
import type { RunResults } from '../verdict/types';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { hostPort, tempDir } from './fault-run';

// Ctrl-C during `sse-conformance run`, as a terminal sends it: SIGINT to the whole process group of
// the CLI. The run must stop starting cells, finish the ones in flight, clean up its prefix, write a
// partial report (interrupted, the rest skipped) and exit 130. SIGTERM, as CI runners and `timeout`
// send it to the CLI's process alone, does the same and exits 143.
//
// The endpoint is a `serve` child (so its bucket can be inspected after the run has exited), reached
// through fault proxies that hold every answer back 100 ms, so the run is slow enough to interrupt
// after a few cells: about 4 cells a second at --concurrency 2, against ~60 without the delay.

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
const DELAY_MS = 100;
const INTERRUPT_AFTER = 3;

jest.setTimeout(60_000);


let dir: string;
let serve: ChildProcess | undefined;
let runner: ChildProcess | undefined;
const proxies: FaultProxy[] = [];
let ep: ServeLine;
let envFile: string;

/** The environment without any setting that could point the child somewhere else. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(S3_|SSE_|JEST_|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Resolves when `test` matches the text so far; rejects when the stream ends or after `ms`. */
function waitFor(stream: NodeJS.ReadableStream, test: (text: string) => boolean, ms: number, what: string, log: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${what} within ${ms} ms; got:\n${log.text.slice(-2000)}`)), ms);
    const onData = (d: Buffer) => {
      log.text += d.toString();
      if (test(log.text)) done();
    };
    const onEnd = () => done(new Error(`stream ended before ${what}; got:\n${log.text.slice(-2000)}`));
    const done = (e?: Error) => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      if (e) reject(e);
      else resolve();
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    if (test(log.text)) done();
  });
}

function exitOf(child: ChildProcess, ms: number): Promise<number | string> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode!);
    const timer = setTimeout(() => reject(new Error(`pid ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal!);
    });
  });
}

function directClient(ep: ServeLine): S3Client {
  return new S3Client({
    region: ep.region,
    endpoint: ep.https,
    forcePathStyle: true,
    credentials: { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: fs.readFileSync(ep.caFile) }), requestTimeout: 5000 }),
  });
}

async function leftovers(client: S3Client, bucket: string): Promise<{ keys: number; uploads: number }> {
  const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: RUN_PREFIX_ROOT }));
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: RUN_PREFIX_ROOT }));
  return { keys: objects.KeyCount ?? 0, uploads: uploads.Uploads?.length ?? 0 };
}

beforeAll(async () => {
  dir = tempDir('sigint');
  // The endpoint: `serve`, its certificate written where the run can trust it.
  const caFile = path.join(dir, 'ca.pem');
  serve = spawn(process.execPath, [BIN, 'serve', '--ca-file', caFile], { cwd: dir, env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  const serveOut = { text: '' };
  serve.stderr!.resume();
  await waitFor(serve.stdout!, (t) => t.includes('\n'), 20_000, 'JSON line from serve', serveOut);
  ep = JSON.parse(serveOut.text.split('\n')[0]!) as ServeLine;

  // Both listeners behind proxies that delay every chunk of every answer (TLS stays end to end).
  for (const listener of ['http', 'https'] as const) {
    proxies.push(await startFaultProxy({ upstream: hostPort(ep[listener]), mode: 'raw', onConnection: () => ({ kind: 'delay', ms: DELAY_MS }) }));
  }
  envFile = path.join(dir, 'target.env');
  fs.writeFileSync(envFile, envTextFor(ep, { http: proxies[0]!.url('http'), https: proxies[1]!.url('https') }));
}, 30_000);

afterAll(async () => {
  if (runner && runner.exitCode === null && runner.signalCode === null) process.kill(-runner.pid!, 'SIGKILL');
  if (serve && serve.exitCode === null && serve.signalCode === null) {
    serve.kill('SIGTERM');
    await exitOf(serve, 5000).catch(() => serve!.kill('SIGKILL'));
  }
  await Promise.all(proxies.map((p) => p.close()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each<[string, NodeJS.Signals, 'group' | 'process', number, RegExp]>([
  ['Ctrl-C (SIGINT to the process group)', 'SIGINT', 'group', 130, /interrupted: finishing the cells in flight/],
  ['SIGTERM to the CLI alone (CI runners, timeout)', 'SIGTERM', 'process', 143, /interrupted by SIGTERM: finishing the cells in flight/],
])('%s mid-run: the exit code of the signal, a partial report (interrupted, the rest skipped), nothing left in the bucket', async (label, signal, to, exitCode, notice) => {
  // The run, from a folder with no .env, in its own process group (as a shell runs a foreground job),
  // with a temp dir of its own: tsx's compile cache starts cold, as on a fresh checkout.
  const cwd = path.join(dir, `cwd-${signal}`);
  const reports = path.join(dir, `reports-${signal}`);
  const tmp = path.join(dir, `tmp-${signal}`);
  fs.mkdirSync(cwd);
  fs.mkdirSync(tmp);
  const started = Date.now();
  runner = spawn(process.execPath, [BIN, 'run', '--report-dir', reports, '--concurrency', '2', '--env-file', envFile], {
    cwd,
    env: cleanEnv({ CI: 'true', TMPDIR: tmp }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out = { text: '' };
  runner.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
  const err = { text: '' };
  const judgedLines = (t: string) => (t.match(/^(PASS|FAIL|ERROR) /gm) ?? []).length;
  await waitFor(runner.stderr!, (t) => judgedLines(t) >= INTERRUPT_AFTER, 30_000, `${INTERRUPT_AFTER} progress lines`, err);
  runner.stderr!.on('data', (d: Buffer) => (err.text += d.toString()));
  const judgedBefore = judgedLines(err.text);

  const client = directClient(ep);
  try {
    // Something really is under the run prefix at this moment: the cleanup below has work to do.
    const during = await leftovers(client, ep.bucket);
    expect(during.keys + during.uploads).toBeGreaterThan(0);

    const interruptedAt = Date.now();
    process.kill(to === 'group' ? -runner.pid! : runner.pid!, signal);
    const code = await exitOf(runner, 30_000);
    const stopMs = Date.now() - interruptedAt;
    expect({ code, stderr: err.text.split('\n').filter((l) => !/^(PASS|SKIPPED) /.test(l)).join('\n') }).toEqual({ code: exitCode, stderr: expect.stringMatching(notice) });
    expect(err.text).not.toMatch(/sse-conformance: error/);

    const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
    expect(results.interrupted).toBe(true);
    const s = results.summary;
    expect(s.total).toBe(128);
    // The cells judged before the signal, plus at most the ones in flight (and one that may have just started).
    expect(s.pass).toBeGreaterThanOrEqual(judgedBefore);
    expect(s.pass).toBeLessThan(judgedBefore + 2 * 2 + 8);
    expect({ fail: s.fail, error: s.error }).toEqual({ fail: 0, error: 0 });
    expect(s.skipped).toBe(s.total - s.pass);
    for (const c of results.cases.filter((x) => x.verdict === 'skipped')) expect(c.reason).toBe('not run: the run was interrupted');
    expect(out.text).toMatch(/skipped \(interrupted\)/);
    // The flag file used to reach the suites is not left in the report folder.
    expect(fs.readdirSync(path.join(reports, results.runId)).sort()).toEqual(['index.html', 'junit.xml', 'results.json', 'summary.md']);

    // Cleanup ran: nothing under sse-conformance-runs/ (checked directly, not through the proxies).
    expect(await leftovers(client, ep.bucket)).toEqual({ keys: 0, uploads: 0 });
    process.stdout.write(`${label}: run ${interruptedAt - started} ms before the signal, stopped ${stopMs} ms after it; ${s.pass} judged, ${s.skipped} skipped\n`);
  } finally {
    client.destroy();
  }
});
