import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONCURRENCY, DEFAULT_PROFILE, DEFAULT_TIMEOUT_MS } from './defaults';
import { loadSettings } from './settings';

// loadSettings is how run, list and cleanup read their settings: one reading for every command.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-load-settings-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function envFile(name: string, text: string): string {
  const f = path.join(scratch, name);
  fs.writeFileSync(f, text);
  return f;
}

test('no file, no environment: the defaults of lib/config/defaults.ts', () => {
  const cwd = process.cwd();
  process.chdir(scratch); // no .env here
  try {
    expect(loadSettings({}, {})).toEqual({ target: null, profile: DEFAULT_PROFILE, concurrency: DEFAULT_CONCURRENCY, timeoutMs: DEFAULT_TIMEOUT_MS });
  } finally {
    process.chdir(cwd);
  }
});

test('the file, under the environment, under the flags', () => {
  const f = envFile('a.env', 'SSE_PROFILE=from-file\nSSE_TIMEOUT_MS=700\nSSE_CONCURRENCY=3\n');
  expect(loadSettings({ envFile: f }, {})).toMatchObject({ profile: 'from-file', timeoutMs: 700, concurrency: 3 });
  expect(loadSettings({ envFile: f }, { SSE_PROFILE: 'from-env' }).profile).toBe('from-env');
  expect(loadSettings({ envFile: f, profile: 'from-flag' }, { SSE_PROFILE: 'from-env' }).profile).toBe('from-flag');
});

test('--insecure and --ca-file are laid over a live target; a --ca-file that is not PEM is named', () => {
  const f = envFile(
    'live.env',
    'S3_ENDPOINT_HTTP=http://127.0.0.1:9000\nS3_ENDPOINT_HTTPS=https://127.0.0.1:9443\nS3_ACCESS_KEY_ID=id\nS3_SECRET_ACCESS_KEY=secret\nS3_BUCKET=bucket-1\n',
  );
  expect(loadSettings({ envFile: f }, {}).target).toMatchObject({ tlsInsecure: false, caFile: undefined });
  expect(loadSettings({ envFile: f, insecure: true }, {}).target?.tlsInsecure).toBe(true);
  expect(() => loadSettings({ envFile: f, caFile: f }, {})).toThrow(/^--ca-file: .*live\.env is not a PEM certificate file/);
  expect(() => loadSettings({ envFile: path.join(scratch, 'none.env') }, {})).toThrow(/^--env-file: .*none\.env does not exist$/);
});
