import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientIdentityOf, ConfigError, parseSettings, readRawSettings, SETTINGS, type RawSettings } from './settings';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-settings-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const notPem = path.join(scratch, 'not.pem');
fs.writeFileSync(notPem, 'hello\n');

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
  [{ ...live, S3_CA_FILE: scratch }, /^S3_CA_FILE: .* is a folder, not a file/],
  [{ ...live, S3_CA_FILE: notPem }, /^S3_CA_FILE: .*not\.pem is not a PEM certificate file/],
  [{ ...live, S3_CA_FILE: '/dev/zero' }, /^S3_CA_FILE: \/dev\/zero is not a regular file/],
  [{ ...live, S3_ENDPOINT_HTTP: 'http://127.0.0.1:0' }, /^S3_ENDPOINT_HTTP: port 0 is not a port/],
  [{ ...live, S3_ENDPOINT_HTTPS: 'https://127.0.0.1:00' }, /^S3_ENDPOINT_HTTPS: port 0 is not a port/],
  [{ ...live, S3_USER_AGENT: 'ua\r\nX-Injected: 1' }, /^S3_USER_AGENT: must be 1 to 256 printable ASCII characters/],
  [{ ...live, S3_USER_AGENT: 'x'.repeat(257) }, /^S3_USER_AGENT: must be 1 to 256/],
  [{ S3_USER_AGENT_V2: 'Boto3/1.0\u0000' }, /^S3_USER_AGENT_V2: must be 1 to 256 printable ASCII characters/],
  [{ ...live, S3_USER_AGENT_V2: 'x'.repeat(257) }, /^S3_USER_AGENT_V2: must be 1 to 256/],
  [{ S3_USER_AGENT_POST: 'Mozilla/5.0\r\nX-Injected: 1' }, /^S3_USER_AGENT_POST: must be 1 to 256 printable ASCII characters/],
  [{ S3_USER_AGENT_POST: 'Mozilla/5.0 (X11; Linux x86_64) Chromé' }, /^S3_USER_AGENT_POST: must be 1 to 256 printable ASCII/],
  [{ S3_POST_ORIGIN: 'https://www.example.com/upload.html' }, /^S3_POST_ORIGIN: must be "null" or an origin/],
  [{ S3_POST_ORIGIN: 'ftp://www.example.com' }, /^S3_POST_ORIGIN: must be "null" or an origin/],
  [{ S3_POST_ORIGIN: 'www.example.com' }, /^S3_POST_ORIGIN: must be "null" or an origin/],
  [{ S3_POST_ORIGIN: 'https://WWW.example.com' }, /^S3_POST_ORIGIN: must be "null" or an origin/],
  [{ S3_POST_ORIGIN: 'https://a\tb.example' }, /^S3_POST_ORIGIN: must be "null" or an origin/],
  [{ ...live, S3_KMS_KEY_ID: 'k1', S3_KMS_KEY_ID_2: 'k1' }, /^S3_KMS_KEY_ID_2: must differ from S3_KMS_KEY_ID/],
  [{ ...live, S3_REGION: 'US East' }, /^S3_REGION: "US East" is not a region name/],
  [{ SSE_CONCURRENCY: '0' }, /^SSE_CONCURRENCY: must be a whole number from 1 to 256/],
  [{ SSE_TIMEOUT_MS: 'fast' }, /^SSE_TIMEOUT_MS: must be a whole number/],
  [{ S3_BUCKET: 'b1' }, /^S3_BUCKET: set, but S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS are not/],
  [{ SSE_KEY_PREFIX: 'uploads/' }, /^SSE_KEY_PREFIX: set, but S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS are not/],
  [{ ...live, SSE_KEY_PREFIX: 'uploads' }, /^SSE_KEY_PREFIX: must be 1 to 8 folder names/],
  [{ ...live, SSE_KEY_PREFIX: '/uploads/' }, /^SSE_KEY_PREFIX: must be 1 to 8 folder names/],
  [{ ...live, SSE_KEY_PREFIX: 'a/../b/' }, /^SSE_KEY_PREFIX: must be 1 to 8 folder names/],
  [{ ...live, SSE_KEY_PREFIX: 'a//b/' }, /^SSE_KEY_PREFIX: must be 1 to 8 folder names/],
  [{ ...live, SSE_KEY_PREFIX: 'up loads/' }, /^SSE_KEY_PREFIX: must be 1 to 8 folder names/],
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

test('S3_USER_AGENT and S3_KMS_KEY_ID_2 reach the target; the user agent also reaches an embedded run', () => {
  expect(parseSettings({ ...live, S3_KMS_KEY_ID: 'k1', S3_KMS_KEY_ID_2: 'k2', S3_USER_AGENT: 'my-agent/1.0' }).target).toMatchObject({
    kmsKeyId: 'k1',
    kmsKeyId2: 'k2',
    userAgent: 'my-agent/1.0',
  });
  expect(parseSettings({ S3_USER_AGENT: 'my-agent/1.0' })).toMatchObject({ target: null, userAgent: 'my-agent/1.0' });
  expect(parseSettings(live).target).not.toHaveProperty('kmsKeyId2');
});

test('S3_USER_AGENT_V2, S3_USER_AGENT_POST and S3_POST_ORIGIN reach the target, and an embedded run (clientIdentityOf)', () => {
  const raw: RawSettings = { S3_USER_AGENT: 'my-agent/1.0', S3_USER_AGENT_V2: 'Boto3/1.0 custom', S3_USER_AGENT_POST: 'Mozilla/5.0 custom', S3_POST_ORIGIN: 'https://app.example.com:8443' };
  const clients = { userAgent: 'my-agent/1.0', userAgentV2: 'Boto3/1.0 custom', userAgentPost: 'Mozilla/5.0 custom', postOrigin: 'https://app.example.com:8443' };
  expect(parseSettings({ ...live, ...raw }).target).toMatchObject(clients);
  expect(clientIdentityOf(parseSettings(raw))).toEqual(clients);
  expect(clientIdentityOf(parseSettings({ S3_POST_ORIGIN: 'null' }))).toEqual({ postOrigin: 'null' });
  // Unset: each kind's own client (lib/engine/client-profiles.ts).
  expect(clientIdentityOf(parseSettings({}))).toEqual({});
  expect(parseSettings(live).target).not.toHaveProperty('userAgentV2');
});

test('a missing, folder or oversized env file is one ConfigError naming --env-file', () => {
  expect(() => readRawSettings(path.join(scratch, 'none.env'), {})).toThrow(/^--env-file: .*none\.env does not exist$/);
  expect(() => readRawSettings(scratch, {})).toThrow(/^--env-file: .* is a folder, not a file$/);
  expect(() => readRawSettings('/dev/zero', {})).toThrow(/^--env-file: \/dev\/zero is not a regular file$/);
  const big = path.join(scratch, 'big.env');
  fs.writeFileSync(big, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
  expect(() => readRawSettings(big, {})).toThrow(/^--env-file: .*big\.env is larger than/);
  const ok = path.join(scratch, 'ok.env');
  fs.writeFileSync(ok, 'S3_USER_AGENT=from-file\n');
  expect(readRawSettings(ok, {})).toEqual({ S3_USER_AGENT: 'from-file' });
});

test('SSE_KEY_PREFIX reaches the target: the root every key of a run is written under', () => {
  expect(parseSettings({ ...live, SSE_KEY_PREFIX: 'media/uploads/' }).target).toMatchObject({ keyPrefix: 'media/uploads/' });
  expect(parseSettings(live).target?.keyPrefix).toBeUndefined();
});
