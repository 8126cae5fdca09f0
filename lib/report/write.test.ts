import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REDACTED, Redactor } from '../redact/redact';
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
  const paths = await writeReports(makeFixtureResults(), dir, { secrets: [] });
  expect(paths).toEqual(['results.json', 'junit.xml', 'summary.md', 'index.html'].map((f) => path.join(dir, f)));
  for (const p of paths) expect((await readFile(p, 'utf8')).length).toBeGreaterThan(100);
});

test('results.json is pretty JSON of the results, evidence redacted by pattern', async () => {
  const dir = path.join(tmp, 'json');
  const input = makeFixtureResults();
  await writeReports(input, dir, { secrets: [] });
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
  await writeReports(makeFixtureResults(), dir, { secrets: [] });
  const text = await read(dir, 'results.json');
  expect(text).not.toContain(FIXTURE_SECRETS.v2Signature);
  expect(text).not.toContain(FIXTURE_SECRETS.v4Signature);
  // the raw key echoed in an arbitrary XML element is only caught when the key is named
  expect(text).toContain(`<Key>${FIXTURE_SECRETS.sseCKey}</Key>`);
});

describe('endpoint text in reasons, notes, codes and evidence (a trusted step that failed)', () => {
  // What an endpoint that echoes the request puts in its error <Message>, as the SDK's error
  // message carries it into a cell's reason.
  const sseC = Buffer.from(FIXTURE_SECRETS.sseCKey, 'base64');
  const echoes = [
    FIXTURE_SECRETS.secretKey,
    encodeURIComponent(FIXTURE_SECRETS.secretKey),
    Buffer.from(FIXTURE_SECRETS.secretKey).toString('base64'),
    FIXTURE_SECRETS.sseCKey,
    sseC.toString('base64url'),
    sseC.toString('hex'),
    sseC.toString('hex').toUpperCase(),
    `AWS AKIAIOSFODNN7EXAMPLE:${FIXTURE_SECRETS.v2Signature}`,
    `Signature=${FIXTURE_SECRETS.v4Signature}`,
  ];
  const leaky = (): RunResults => {
    const input = makeFixtureResults();
    const msg = `arrange: PUT source object: 400 InvalidRequest: you sent ${echoes.join(' and ')}`;
    input.cases[1] = {
      ...input.cases[1],
      verdict: 'error',
      reason: msg,
      notes: [msg],
      observed: { status: 400, code: `Bad${FIXTURE_SECRETS.secretKey}` },
      evidence: [
        { step: 'trusted', request: { method: 'PUT', url: 'https://127.0.0.1:9443/conformance/k', headers: {} }, response: { status: 400, statusText: msg, headers: { [`x-echo-${sseC.toString('hex')}`]: msg } }, error: msg, durationMs: 1 },
      ],
    };
    return input;
  };
  const forms = (): string[] => [...echoes.slice(0, 7), FIXTURE_SECRETS.v2Signature, FIXTURE_SECRETS.v4Signature];

  test.each([
    ['the secrets as strings', [FIXTURE_SECRETS.secretKey, FIXTURE_SECRETS.sseCKey]],
    ['a Redactor as the engine fills it', (() => {
      const r = new Redactor();
      r.addSecretKey(FIXTURE_SECRETS.secretKey);
      r.addKey(sseC);
      return r;
    })()],
  ] as const)('no encoding of any secret reaches any file: %s', async (_n, secrets) => {
    const dir = await mkdtemp(path.join(tmp, 'echo-'));
    const files = await writeReports(leaky(), dir, { secrets: secrets as Redactor | string[] });
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const form of forms()) expect({ file: path.basename(file), form, leaked: text.includes(form) }).toEqual({ file: path.basename(file), form, leaked: false });
    }
    expect(await read(dir, 'results.json')).toContain('AWS AKIAIOSFODNN7EXAMPLE:'); // the access key id stays
  });

  test('writeReports refuses to run without being told the secrets', async () => {
    // @ts-expect-error the secrets are required
    await expect(writeReports(makeFixtureResults(), path.join(tmp, 'none'))).rejects.toThrow(/secrets to redact are required/);
  });
});
