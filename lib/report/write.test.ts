import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REDACTED } from '../redact/redact';
import type { RunResults } from '../verdict/types';
import { FIXTURE_SECRETS, makeFixtureResults } from './fixture';
import { writeReports } from './write';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sse-report-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const read = (dir: string, f: string): Promise<string> => readFile(path.join(dir, f), 'utf8');

test('writes the four files into a new nested directory and returns their paths', async () => {
  const dir = path.join(tmp, 'reports', 'run-1');
  const paths = await writeReports(makeFixtureResults(), dir);
  expect(paths).toEqual(['results.json', 'junit.xml', 'summary.md', 'index.html'].map((f) => path.join(dir, f)));
  for (const p of paths) expect((await readFile(p, 'utf8')).length).toBeGreaterThan(100);
});

test('results.json is pretty JSON of the results, evidence redacted by pattern', async () => {
  const dir = path.join(tmp, 'json');
  const input = makeFixtureResults();
  await writeReports(input, dir);
  const text = await read(dir, 'results.json');
  expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,\n/);
  const parsed = JSON.parse(text) as RunResults;
  expect(parsed.cases.map((c) => c.id)).toEqual(input.cases.map((c) => c.id));
  expect(parsed.summary).toEqual(input.summary);
  const act = parsed.cases[0].evidence[0];
  expect(act.request.headers.authorization).toBe(`AWS AKIAIOSFODNN7EXAMPLE:${REDACTED}`);
  expect(act.request.headers['x-amz-server-side-encryption-customer-key']).toBe(REDACTED);
  expect(act.request.headers['x-amz-server-side-encryption-customer-key-MD5']).toBe('n4Fh1dWkJw0pQX5M4kB3Ag==');
  expect(input.cases[0].evidence[0].request.headers.authorization).toContain(FIXTURE_SECRETS.v2Signature); // input untouched
});

test('no secret reaches any file when the secrets are named', async () => {
  const dir = path.join(tmp, 'secrets');
  await writeReports(makeFixtureResults(), dir, { secrets: [FIXTURE_SECRETS.secretKey, FIXTURE_SECRETS.sseCKey] });
  for (const f of ['results.json', 'junit.xml', 'summary.md', 'index.html']) {
    const text = await read(dir, f);
    for (const secret of Object.values(FIXTURE_SECRETS)) expect({ f, leaked: text.includes(secret) }).toEqual({ f, leaked: false });
  }
});

test('without named secrets, patterns still catch signatures and key headers', async () => {
  const dir = path.join(tmp, 'patterns');
  await writeReports(makeFixtureResults(), dir);
  const text = await read(dir, 'results.json');
  expect(text).not.toContain(FIXTURE_SECRETS.v2Signature);
  expect(text).not.toContain(FIXTURE_SECRETS.v4Signature);
  // the raw key echoed in an arbitrary XML element is only caught when the key is named
  expect(text).toContain(`<Key>${FIXTURE_SECRETS.sseCKey}</Key>`);
});
