// The reference endpoint on a worker thread (what `run` starts without an endpoint): the same
// endpoint, its stored bytes readable from the host, its failures told, nothing left running.
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { inProcessProbe } from '../at-rest/probe';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { runAgainst, targetOf } from '../self-check/run-against';
import { runConformance } from '../run/run';
import { dropPrewarmedWorker, openCaFolders, prewarmedWorkerWaiting, prewarmEndpointWorker, startReferenceEndpointInWorker } from './in-worker';

jest.setTimeout(60000);

const CELLS = expandProfile(loadProfile('obs')).filter((c) => ['sse-c/put-object/https-v4', 'sse-kms/put-object/https-v2', 'sse-c/put-object/http-v4'].includes(c.id));

function status(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

test('judged through a worker, its stored bytes read at rest from this thread; closed, it answers no more and its CA file is gone', async () => {
  const ep = await startReferenceEndpointInWorker({ profile: 'obs' });
  const ca = fs.readFileSync(ep.caFile, 'utf8');
  try {
    expect(await status(ep.https, ca)).toBe(403); // verified TLS, anonymous refused
    const { results, leftovers, atRest } = await runAgainst(targetOf(ep), CELLS, { atRest: inProcessProbe(ep) });
    expect(results.map((r) => [r.id, r.verdict])).toEqual(expect.arrayContaining(CELLS.map((c) => [c.id, 'pass'])));
    expect(atRest).toMatchObject({ ok: true });
    expect(atRest!.objects).toBeGreaterThan(0);
    expect(results.filter((r) => r.expected === 'accept').every((r) => /verified at rest/.test(r.reason))).toBe(true);
    expect(leftovers).toBe(0);
  } finally {
    await ep.close();
  }
  await expect(ep.rawStoredBytes('sse-conformance', 'x')).rejects.toThrow(/stopped/);
  await expect(status(ep.https, ca)).rejects.toThrow(/ECONNREFUSED/);
  // One folder per start, removed at close (not at the process's end: many starts would pile up).
  expect(fs.existsSync(path.dirname(ep.caFile))).toBe(false);
  expect(openCaFolders()).not.toContain(path.dirname(ep.caFile));
});

test('a start the endpoint refuses is its own message and leaves no folder; a prewarmed worker takes the options it is given', async () => {
  const before = openCaFolders();
  await expect(startReferenceEndpointInWorker({ bucket: 'Not_A_Bucket' })).rejects.toThrow('reference endpoint: invalid bucket name "Not_A_Bucket"');
  expect(openCaFolders()).toEqual(before);
  prewarmEndpointWorker();
  const ep = await startReferenceEndpointInWorker({ profile: 'obs', bucket: 'prewarmed-bucket' });
  try {
    expect(ep.bucket).toBe('prewarmed-bucket');
  } finally {
    await ep.close();
  }
  // A prewarmed worker nobody takes ends when dropped (jest would otherwise report an open handle).
  prewarmEndpointWorker();
  dropPrewarmedWorker();
  expect(prewarmedWorkerWaiting()).toBe(false);
});

test('a run that ends before its endpoint starts (a bad selection) drops the worker started ahead for it', async () => {
  prewarmEndpointWorker();
  expect(prewarmedWorkerWaiting()).toBe(true);
  await expect(runConformance({ filter: { only: ['no-such-table/*'] }, timeoutMs: 5000 }, { writeReports: false })).rejects.toThrow(/no-such-table/);
  expect(prewarmedWorkerWaiting()).toBe(false);
});
