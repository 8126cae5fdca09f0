import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, startServeProcess, type ServeProcess } from './test-support/serve-process';

// `repro CASE_ID` as a user runs it: the real CLI against `serve` started as a separate endpoint (one
// honest, one with a cell inverted), and against the embedded endpoint; the --curl commands it prints
// run with bash and curl. About 30 s: two serves, a dozen repro processes of about 1.5 s each.
jest.setTimeout(180_000);

const INVERTED = 'sse-kms/put-object/https-v2';

type Served = ServeProcess;

let work: string;
let honest: Served;
let inverted: Served;
/** Every repro output of this file, stdout and stderr, for the secrets check. */
const outputs: { out: string; err: string; curl: boolean }[] = [];

const startServe = (args: string[], name: string): Promise<Served> => startServeProcess(args, path.join(work, `${name}.env`));

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-repro-'));
  [honest, inverted] = await Promise.all([startServe([], 'honest'), startServe(['--invert', INVERTED], 'inverted')]);
  // Without a KMS key id the SSE-KMS request carries x-amz-server-side-encryption alone (see the V4 test).
  fs.writeFileSync(path.join(work, 'nokms.env'), fs.readFileSync(honest.env, 'utf8').split('\n').filter((l) => !l.startsWith('S3_KMS_KEY_ID')).join('\n'));
});

afterAll(async () => {
  await Promise.all([honest, inverted].map((s) => s?.stop()));
});
/** Keys a person would export for --curl. */
const KEYS = { SSE_CUSTOMER_KEY: randomBytes(32).toString('base64'), SSE_COPY_SOURCE_CUSTOMER_KEY: randomBytes(32).toString('base64') };

function repro(args: string[], env: Record<string, string> = {}) {
  // A clean environment and a folder with no .env: the settings are exactly the env file given.
  const r = spawnSync(process.execPath, [BIN, 'repro', ...args], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CI: 'true', ...env } });
  outputs.push({ out: r.stdout, err: r.stderr, curl: args.includes('--curl') });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The act's exchange in a transcript, and the status line of its answer. */
function actOf(out: string): { block: string; status: number } {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => /^── \d+\/\d+ act: the request under test/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l === '');
  const block = lines.slice(start, end).join('\n');
  const m = /^< HTTP\/1\.1 (\d{3})/m.exec(block);
  expect(m).not.toBeNull();
  return { block, status: Number(m![1]) };
}

/** The printed command: from its first comment line to its last, as a person pastes it. */
function commandOf(out: string): string {
  const m = /^# ── the request under test \(act\), as a curl command: paste into bash ──\n[\s\S]*?^# ── end of the command ──$/m.exec(out);
  expect(m).not.toBeNull();
  return m![0];
}

/** Runs a printed command with bash as a person would, with the variables it reads; the status it got. */
function send(command: string, line: ServeProcess['line']): { status: number; out: string } {
  const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: line.accessKeyId, AWS_SECRET_ACCESS_KEY: line.secretAccessKey, ...KEYS };
  // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
  const r = spawnSync('bash', ['-c', command], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = r.stdout.toString('latin1');
  const m = /^HTTP\/[\d.]+ (\d{3})/m.exec(out);
  if (!m) throw new Error(`no HTTP answer from the command: ${r.stderr.toString()}`);
  return { status: Number(m[1]), out };
}

const curlVersion = (() => {
  const r = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  const m = /^curl (\d+)\.(\d+)/.exec(r.stdout ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
})();
if (!curlVersion && !process.env.CI) console.warn('curl is missing: the repro --curl tests are SKIPPED (install: apt-get install -y curl)');
const curlTest = curlVersion || process.env.CI ? test : test.skip;
/** curl 8.10.0 signs header names that share a prefix in the right order (x-amz-…-key, x-amz-…-key-md5). */
const modernCurl = !!curlVersion && (curlVersion[0]! > 8 || (curlVersion[0] === 8 && curlVersion[1]! >= 10));

test('(1) against serve --invert: the cell fails, exit 1, and the transcript shows the answer that made it fail', () => {
  const r = repro([INVERTED, '--env-file', inverted.env]);
  expect(r.err).toBe('');
  expect(r.code).toBe(1);
  const act = actOf(r.out);
  // A reject cell accepted: the act's 200 OK, as the endpoint sent it.
  expect(act.status).toBe(200);
  expect(act.block).toMatch(/^> PUT https:\/\/127\.0\.0\.1:\d+\/sse-conformance\/sse-conformance-runs\/\S+ HTTP\/1\.1$/m);
  expect(act.block).toMatch(/^> Authorization: AWS SSECONFORMANCEKEY:\[REDACTED\]$/m);
  expect(act.block).toMatch(/^< HTTP\/1\.1 200 OK$/m);
  expect(r.out).toMatch(/^verdict: FAIL \(exposure: accepted where it must be refused/m);
  expect(r.out).toMatch(/^cause: accepted-forbidden-auth: accepted with a signature the rule forbids, shown by the answer 200 OK$/m);
  expect(r.out).toMatch(/^Requirement: SSE-KMS PUT Object only over HTTPS with V4; Expected: rejected; Actual: 200$/m);
  // Every exchange of the cell, numbered in order.
  const steps = [...r.out.matchAll(/^── (\d+)\/(\d+) /gm)].map((m) => Number(m[1]));
  expect(steps).toEqual(steps.map((_, i) => i + 1));
  // The same cell against the honest endpoint: refused, PASS, exit 0.
  const ok = repro([INVERTED, '--env-file', honest.env]);
  expect(ok.code).toBe(0);
  expect(actOf(ok.out).status).toBe(400);
});

test('(2) against the embedded endpoint (no endpoint configured): a passing cell, exit 0', () => {
  const r = repro(['sse-c/get-object/https-v4']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^endpoint: the embedded reference endpoint \(http:\/\/127\.0\.0\.1:\d+, https:\/\/127\.0\.0\.1:\d+\)$/m);
  expect(r.out).toMatch(/^verdict: PASS$/m);
  expect(actOf(r.out).status).toBe(200);
  // --curl needs an endpoint that outlives the command.
  const c = repro(['sse-c/get-object/https-v4', '--curl']);
  expect(c.code).toBe(2);
  expect(c.err).toMatch(/--curl needs an endpoint that outlives this command/);
});

describe('(3) --curl: the printed command, run with bash, gets the same status as the act', () => {
  const cells: { id: string; env: () => string; what: RegExp; only?: boolean }[] = [
    // V4: curl signs. Without a KMS key id the request carries no two header names where one is the other
    // and a suffix, which curl before 8.10 signs in the wrong order (the command says so when they are there).
    { id: 'sse-kms/put-object/https-v4', env: () => path.join(work, 'nokms.env'), what: /--aws-sigv4 "aws:amz:us-east-1:s3"/ },
    ...(modernCurl ? [{ id: 'sse-c/put-object/https-v4', env: () => honest.env, what: /"x-amz-server-side-encryption-customer-key: \$SSE_CUSTOMER_KEY"/ }] : []),
    // V2: the headers the harness signed, Date and Authorization included.
    { id: 'sse-c/put-object/https-v2', env: () => honest.env, what: /-H "Authorization: AWS \$AWS_ACCESS_KEY_ID:[A-Za-z0-9+/=]+"/ },
    // A refused V2 request whose URL names an upload and a part: the upload is still open.
    { id: 'sse-c/upload-part/http-v2', env: () => honest.env, what: /\?uploadId=[^&']+&partNumber=1'$/m },
    // A copy between SSE-C objects: the source's key from its own variable.
    { id: 'copy/sse-c-to-sse-c/https-v2', env: () => honest.env, what: /"x-amz-copy-source-server-side-encryption-customer-key: \$SSE_COPY_SOURCE_CUSTOMER_KEY"/ },
    // POST Object: the signed form, its SSE-C key field from the variable.
    { id: 'sse-c/post-object/https-v4', env: () => honest.env, what: /name="x-amz-signature"' '' '[0-9a-f]{64}'/ },
  ];
  const kept: string[] = [];

  curlTest.each(cells)('$id', ({ id, env, what }) => {
    const r = repro([id, '--env-file', env(), '--curl'], KEYS);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const act = actOf(r.out);
    const command = commandOf(r.out);
    expect(command).toMatch(what);
    // The command targets exactly the act's URL; over HTTPS it trusts the endpoint's CA file.
    const url = /^> \S+ (\S+) HTTP\/1\.1$/m.exec(act.block)![1]!;
    expect(command).toContain(`'${url}'`);
    if (url.startsWith('https:')) expect(command).toContain(`--cacert ${honest.line.caFile}`);
    else expect(command).not.toContain('--cacert');
    expect(send(command, honest.line).status).toBe(act.status);
    // The output ends with the command that deletes what the run left for the command.
    const last = r.out.trimEnd().split('\n').at(-1)!;
    const m = /delete it with: npx sse-conformance cleanup --run (\S+) --env-file (\S+)$/.exec(last);
    expect(m).not.toBeNull();
    kept.push(m![1]!);
  });

  curlTest('the run prefixes stay for the commands, and the printed cleanup command deletes them', () => {
    expect(kept.length).toBe(cells.length);
    const dry = spawnSync(process.execPath, [BIN, 'cleanup', '--env-file', honest.env, '--older-than', '0s', '--dry-run'], { cwd: work, encoding: 'utf8' });
    for (const id of kept) expect(dry.stdout).toContain(`would delete run ${id}`);
    for (const id of kept) {
      const c = spawnSync(process.execPath, [BIN, 'cleanup', '--run', id, '--env-file', honest.env], { cwd: work, encoding: 'utf8' });
      expect(c.status).toBe(0);
    }
    const after = spawnSync(process.execPath, [BIN, 'cleanup', '--env-file', honest.env, '--older-than', '0s', '--dry-run'], { cwd: work, encoding: 'utf8' });
    expect(after.stdout).toMatch(/0 run prefixes found/);
  });

  curlTest('without SSE_CUSTOMER_KEY: one line saying so and how to set it, no command, nothing left behind', () => {
    const r = repro(['sse-c/put-object/https-v2', '--env-file', honest.env, '--curl']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^--curl: no command: SSE_CUSTOMER_KEY is not set, .* export SSE_CUSTOMER_KEY=\$\(openssl rand -base64 32\)$/m);
    expect(r.out).not.toMatch(/^curl /m);
    const dry = spawnSync(process.execPath, [BIN, 'cleanup', '--env-file', honest.env, '--older-than', '0s', '--dry-run'], { cwd: work, encoding: 'utf8' });
    expect(dry.stdout).toMatch(/0 run prefixes found/);
  });
});

test('--from: the seed, profile and strict of a recorded run; its endpoint must be the one the settings name', () => {
  const reports = path.join(work, 'reports');
  const run = spawnSync(process.execPath, [BIN, 'run', '--only', INVERTED, '--env-file', inverted.env, '--seed', '4242', '--strict', '--report-dir', reports], { cwd: work, encoding: 'utf8' });
  expect(run.status).toBe(1);
  const r = repro([INVERTED, '--env-file', inverted.env, '--from', path.join(reports, 'latest')]);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(new RegExp(`^repro ${INVERTED}: run \\S+, profile obs, seed 4242, strict on$`, 'm'));
  expect(r.out).toMatch(/^from: .*results\.json: run \S+ judged it FAIL exposure \(expected rejected, the act answered 200\)$/m);
  const elsewhere = repro([INVERTED, '--env-file', honest.env, '--from', path.join(reports, 'latest')]);
  expect(elsewhere.code).toBe(2);
  expect(elsewhere.err).toMatch(/^sse-conformance: --from: run \S+ .* was judged against .*, but .*honest\.env names .*: a cell re-judged elsewhere reproduces nothing/);
});

test('(5) a bad CASE_ID: one line naming the shape of the ids, exit 2', () => {
  for (const [id, says] of [
    ['sse-c/put-object/ftp-v4', /is not a case id: ids are <table>\/<row>\/<protocol>-<auth>, e\.g\. sse-kms\/put-object\/https-v4/],
    ['put-object', /is not a case id: ids are <table>\/<row>\/<protocol>-<auth>/],
    ['sse-c/put-objekt/https-v4', /profile obs has no cell sse-c\/put-objekt\/https-v4: the rows of sse-c are put-object, .*; ids are <table>\/<row>\/<protocol>-<auth>/],
  ] as const) {
    const r = repro([id, '--env-file', honest.env]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(says);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  }
});

test('(4) no secret in any output: the secret keys, the SSE-C keys, V4 signatures; a V2 or POST signature only in a --curl command', () => {
  expect(outputs.length).toBeGreaterThan(8);
  const secrets = [honest.line.secretAccessKey, inverted.line.secretAccessKey, ...Object.values(KEYS)];
  for (const { out, err, curl } of outputs) {
    const all = out + err;
    for (const s of secrets) {
      expect(all).not.toContain(s);
      expect(all).not.toContain(encodeURIComponent(s));
      expect(all).not.toContain(Buffer.from(s, 'base64').toString('hex'));
    }
    // Outside a --curl command everything is as the reports have it: signatures and keys redacted.
    const transcript = curl && /^# ── the request under test/m.test(out) ? out.replace(commandOf(out), '') : out;
    expect(transcript).not.toMatch(/Signature=(?!\[REDACTED\])/);
    expect(transcript).not.toMatch(/\bAWS [A-Za-z0-9]+:(?!\[REDACTED\])/);
    expect(transcript).not.toMatch(/customer-key: (?!\[REDACTED\])/i);
    // A 64-hex-digit run is a body hash, never a V4 signature.
    for (const m of all.matchAll(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/gi)) {
      const before = all.slice(Math.max(0, m.index! - 40), m.index!);
      const inPolicyForm = curl && /name="x-amz-signature"' '' '$/.test(before);
      expect([before.endsWith('x-amz-content-sha256: ') || inPolicyForm, m[0]]).toEqual([true, m[0]]);
    }
  }
});
