import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseSettings, SETTINGS, type RawSettings } from './settings';

const live: RawSettings = {
  S3_ENDPOINT_HTTP: 'http://127.0.0.1:9000',
  S3_ENDPOINT_HTTPS: 'https://127.0.0.1:9443',
  S3_ACCESS_KEY_ID: 'id',
  S3_SECRET_ACCESS_KEY: 'secret',
  S3_BUCKET: 'bucket-1',
};

test('no endpoint: the embedded endpoint, with defaults', () => {
  expect(parseSettings({})).toEqual({ target: null, profile: 'obs', concurrency: 8, timeoutMs: 15000 });
});

test('a live endpoint with defaults filled in', () => {
  expect(parseSettings(live).target).toMatchObject({ region: 'us-east-1', forcePathStyle: true, tlsInsecure: false, http: 'http://127.0.0.1:9000' });
});

test.each<[RawSettings, RegExp]>([
  [{ ...live, S3_ENDPOINT_HTTPS: 'http://127.0.0.1:9443' }, /^S3_ENDPOINT_HTTPS: must be a https:\/\/ URL/],
  [{ ...live, S3_ENDPOINT_HTTP: 'not a url' }, /^S3_ENDPOINT_HTTP: not a URL/],
  [{ ...live, S3_ENDPOINT_HTTP: 'http://h/bucket' }, /^S3_ENDPOINT_HTTP: must name only scheme, host and port/],
  [{ ...live, S3_BUCKET: undefined }, /^S3_BUCKET: missing/],
  [{ ...live, S3_BUCKET: 'Bad_Bucket' }, /^S3_BUCKET: "Bad_Bucket" is not a valid bucket name/],
  [{ ...live, S3_SECRET_ACCESS_KEY: undefined }, /^S3_SECRET_ACCESS_KEY: missing/],
  [{ ...live, S3_FORCE_PATH_STYLE: 'maybe' }, /^S3_FORCE_PATH_STYLE: must be true or false/],
  [{ ...live, S3_TLS_INSECURE: '2' }, /^S3_TLS_INSECURE: must be true or false/],
  [{ ...live, S3_CA_FILE: '/nonexistent/ca.pem' }, /^S3_CA_FILE: \/nonexistent\/ca.pem does not exist/],
  [{ ...live, S3_REGION: 'US East' }, /^S3_REGION: "US East" is not a region name/],
  [{ SSE_CONCURRENCY: '0' }, /^SSE_CONCURRENCY: must be a whole number from 1 to 256/],
  [{ SSE_TIMEOUT_MS: 'fast' }, /^SSE_TIMEOUT_MS: must be a whole number/],
  [{ S3_BUCKET: 'b1' }, /^S3_BUCKET: set, but S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS are not/],
])('a bad value is named: %j', (raw, message) => {
  expect(() => parseSettings(raw)).toThrow(ConfigError);
  expect(() => parseSettings(raw)).toThrow(message);
});

test('.env.example documents every setting', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
  for (const name of SETTINGS) expect(text).toMatch(new RegExp(`^# .+\\n${name}=`, 'm'));
});

test('with one endpoint set, the missing other endpoint is named first', () => {
  expect(() => parseSettings({ S3_ENDPOINT_HTTPS: 'https://127.0.0.1:9443' })).toThrow(/^S3_ENDPOINT_HTTP: missing/);
});
