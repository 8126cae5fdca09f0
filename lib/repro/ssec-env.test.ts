import { newSseCKey, H } from '../engine/sse';
import type { EngineContext } from '../engine/context';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { SCENARIOS } from '../scenarios';
import type { Shape } from '../scenarios/types';
import { ConfigError } from '../config/settings';
import { KEY_ENV, keysCarried, reproKeys, SOURCE_KEY_ENV, sseCKeyFrom } from './ssec-env';

const CELL = newSseCKey();
const FIXTURES = newSseCKey();

/** The SSE-C key headers (or POST form fields) a scenario's request under test carries, with their values. */
function carriedByScenario(c: ReturnType<typeof expandProfile>[number]): Record<string, string> {
  const ctx = {
    target: { bucket: 'b', accessKeyId: 'AKID', secretAccessKey: 'secret', region: 'us-east-1', http: 'http://h', https: 'https://h', forcePathStyle: true, embedded: false, tlsInsecure: false },
    ssec: FIXTURES,
  } as unknown as EngineContext;
  const shape: Shape = { operation: c.operation, source: c.source, target: c.target, protocol: c.protocol, auth: c.auth, folder: 'f/', key: 'f/k', keys: { ssec: CELL, kmsKeyId: 'kms' } };
  const spec = SCENARIOS[c.operation].request(ctx, shape, { key: 'f/k', body: Buffer.from('data'), uploadId: 'u', sourceKey: 'f/s' });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) if (k === H.cKey || k === H.srcKey) out[k] = v;
  // POST Object carries the key as a form field of the same name.
  const form = spec.body?.toString('latin1') ?? '';
  for (const name of [H.cKey, H.srcKey]) {
    const m = new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r\\n]*)`).exec(form);
    if (m) out[name] = m[1]!;
  }
  return out;
}

test('keysCarried says, for every cell of the matrix, which key its request under test carries in which header', () => {
  const cells = expandProfile(loadProfile('obs'));
  expect(cells).toHaveLength(128);
  for (const c of cells) {
    const expected = Object.fromEntries(keysCarried(c).map((k) => [k.header, k.role === 'cell' ? CELL.keyB64 : FIXTURES.keyB64]));
    expect([c.id, carriedByScenario(c)]).toEqual([c.id, expected]);
  }
});

test('a key from the environment: base64 of 32 bytes, its MD5 computed from it; anything else names the variable', () => {
  const k = newSseCKey();
  expect(sseCKeyFrom(KEY_ENV, k.keyB64)).toEqual(k);
  for (const bad of ['abc', Buffer.alloc(16).toString('base64'), `${k.keyB64.slice(0, -1)}`, `${k.keyB64} `]) {
    expect(() => sseCKeyFrom(KEY_ENV, bad)).toThrow(new ConfigError(`${KEY_ENV}: must be the base64 of 32 bytes, e.g. export ${KEY_ENV}=$(openssl rand -base64 32)`));
  }
});

test('reproKeys takes only the keys the request carries, each in its role; a copy needs two different keys', () => {
  const a = newSseCKey();
  const b = newSseCKey();
  const env = { [KEY_ENV]: a.keyB64, [SOURCE_KEY_ENV]: b.keyB64 };
  // A write: the cell's own key.
  expect(reproKeys({ operation: 'put-object', source: null, target: 'sse-c' }, env).ssec).toEqual({ cell: a });
  // A read: the object read is the run's fixture.
  expect(reproKeys({ operation: 'get-object', source: 'sse-c', target: 'sse-c' }, env).ssec).toEqual({ fixtures: a });
  // SSE-C to SSE-C copy: both.
  expect(reproKeys({ operation: 'copy-object', source: 'sse-c', target: 'sse-c' }, env).ssec).toEqual({ cell: a, fixtures: b });
  // Not carried: not taken.
  expect(reproKeys({ operation: 'put-object', source: null, target: 'sse-kms' }, env)).toEqual({ ssec: {}, carried: [] });
  // Unset: drawn by the engine, reported as missing.
  expect(reproKeys({ operation: 'put-object', source: null, target: 'sse-c' }, {}).carried).toEqual([{ header: H.cKey, env: KEY_ENV, role: 'cell' }]);
  expect(() => reproKeys({ operation: 'upload-part-copy', source: 'sse-c', target: 'sse-c' }, { [KEY_ENV]: a.keyB64, [SOURCE_KEY_ENV]: a.keyB64 })).toThrow(/must differ/);
});
