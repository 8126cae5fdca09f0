import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runConformance } from '../run/run';
import { runAgainst, targetOf } from '../self-check/run-against';
import { commandProbe } from './probe';

const cases = expandProfile(loadProfile('obs'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-at-rest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
jest.setTimeout(5 * 60 * 1000);

test('the embedded run with --at-rest builtin: 128 PASS, every accept cell verified at rest', async () => {
  // An empty env file: the embedded endpoint, whatever .env the working tree holds.
  const env = path.join(dir, 'empty.env');
  fs.writeFileSync(env, '');
  const { results } = await runConformance({ envFile: env, atRest: 'builtin', concurrency: 8 }, { writeReports: false });
  expect(results.summary).toEqual({ total: 128, pass: 128, fail: 0, error: 0, skipped: 0 });
  expect(results.atRest).toMatchObject({ probe: 'builtin', ok: true });
  const accept = results.cases.filter((c) => c.expected === 'accept');
  expect(accept).toHaveLength(80);
  for (const c of accept) expect({ id: c.id, atRest: c.atRest, reason: c.reason }).toEqual({ id: c.id, atRest: 'verified', reason: expect.stringMatching(/; verified at rest$/) });
  // Every probed object left its read in the evidence, encrypted ones included.
  const reads = accept.flatMap((c) => c.evidence.filter((e) => e.step === 'at rest: probe'));
  expect(reads.filter((e) => e.response?.bodyExcerpt?.startsWith('written encrypted; ')).length).toBeGreaterThanOrEqual(accept.filter((c) => !/-to-plain\//.test(c.id)).length);
  for (const c of results.cases.filter((x) => x.expected === 'reject')) expect(c.atRest).toBe('not-probed');
});

describe('broken probes are declared broken: every at-rest verdict ERROR, with one line', () => {
  // A slice with encrypted and unencrypted writes.
  const slice = cases.filter((c) => /^(sse-c\/put-object|copy\/plain-to-plain|sse-kms\/get-object)\//.test(c.id));
  let ep: ReferenceEndpoint;
  beforeAll(async () => {
    ep = await startReferenceEndpoint();
  });
  afterAll(() => ep.close());

  test.each([
    ['`false` (exits 1 for everything)', 'false', 30_000, /^the probe did not show the plaintext of an unencrypted object the harness wrote \(.*: exit 1\)/],
    ['random bytes for everything', "sh -c 'head -c 2000 /dev/urandom'", 30_000, /: 2000 bytes without a 32-byte run of the plaintext\)/],
    ['"not found" for everything', `${process.execPath} -e process.exit(3)`, 30_000, /: not found \(exit 3\)\)/],
    ['a probe that hangs, killed at the time limit', "sh -c 'sleep 600'", 1000, /: no answer within 1000 ms \(killed\)\)/],
    // A generous time limit: the cap, not the clock, must stop it.
    ['a probe printing without end, cut at the size cap', 'yes', 120_000, /: more than 1048576 bytes on stdout \(killed\)\)/],
  ] as const)('%s', async (_name, cmd, timeoutMs, problem) => {
    const { results, atRest, leftovers } = await runAgainst(targetOf(ep), slice, { atRest: commandProbe(cmd, { timeoutMs, maxBytes: 1024 * 1024 }) });
    expect(atRest).toMatchObject({ ok: false, problem: expect.stringMatching(problem) });
    expect(atRest!.problem).not.toMatch(/\n/);
    for (const r of results) {
      if (r.expected === 'accept') expect({ id: r.id, verdict: r.verdict, atRest: r.atRest, reason: r.reason }).toEqual({ id: r.id, verdict: 'error', atRest: 'not-probed', reason: `inconclusive: the at-rest probe is broken for this run: ${atRest!.problem}` });
      else expect(r.verdict).toBe('pass');
    }
    expect(leftovers).toBe(0);
  });
});

test('a command probe that works (stdout, exit 3, arguments): every accept cell verified at rest', async () => {
  const ep = await startReferenceEndpoint();
  // The reference endpoint keeps its bytes under random blob ids; a filesystem probe maps key -> file.
  // Here each object is mirrored to a file named by a hash of bucket and key just before the command reads it.
  const probeDir = path.join(dir, 'probe');
  fs.mkdirSync(probeDir);
  const script = path.join(dir, 'probe.js');
  const name = (bucket: string, key: string) => createHash('sha256').update(`${bucket}\0${key}`).digest('hex');
  fs.writeFileSync(
    script,
    `const fs=require('fs'),path=require('path'),crypto=require('crypto');
const [bucket,key]=process.argv.slice(2);
const f=path.join(${JSON.stringify(probeDir)},crypto.createHash('sha256').update(bucket+'\\0'+key).digest('hex'));
if(!fs.existsSync(f)){process.stderr.write('no file for '+key);process.exit(3)}
process.stdout.write(fs.readFileSync(f));`,
  );
  try {
    const slice = cases.filter((c) => /^(sse-c\/put-object|sse-kms\/upload-part|copy\/plain-to-plain)\//.test(c.id));
    const probe = commandProbe(`${process.execPath} ${script}`, { timeoutMs: 10_000 });
    const { results, atRest } = await runAgainst(targetOf(ep), slice, {
      atRest: {
        name: probe.name,
        async read(bucket, key) {
          const raw = await ep.rawStoredBytes(bucket, key);
          if (raw) fs.writeFileSync(path.join(probeDir, name(bucket, key)), raw);
          return probe.read(bucket, key);
        },
      },
    });
    expect(atRest).toMatchObject({ probe: 'node', ok: true });
    const accept = results.filter((x) => x.expected === 'accept');
    expect(accept.length).toBeGreaterThan(4);
    for (const r of accept) expect([r.id, r.verdict, r.atRest]).toEqual([r.id, 'pass', 'verified']);
  } finally {
    await ep.close();
  }
});
