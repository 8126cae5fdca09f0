import { ConfigError, parseSettings } from '../config/settings';
import { resolveProbe } from './probe';

const limits = { timeoutMs: 1000 };

test('builtin: in process for the embedded endpoint, else the admin route of a loopback serve with its token', () => {
  const embedded = { rawStoredBytes: async () => undefined };
  expect(resolveProbe('builtin', { embedded, ...limits }).name).toBe('builtin');
  expect(resolveProbe('builtin', { http: 'http://127.0.0.1:9000', token: 't'.repeat(32), ...limits }).name).toBe('builtin');
  expect(() => resolveProbe('builtin', { http: 'http://127.0.0.1:9000', ...limits })).toThrow(/^SSE_AT_REST_TOKEN: missing/);
  expect(() => resolveProbe('builtin', { http: 'http://s3.example.com', token: 't'.repeat(32), ...limits })).toThrow(/on loopback; S3_ENDPOINT_HTTP is s3.example.com/);
});

test('a command: named by its first word only (its arguments may hold paths or tokens); bad ones are one ConfigError', () => {
  expect(resolveProbe('/opt/probes/fs-probe.sh --root /secret/dir', limits).name).toBe('fs-probe.sh');
  expect(() => resolveProbe('   ', limits)).toThrow(ConfigError);
  expect(() => resolveProbe('probe "unclosed', limits)).toThrow(/unbalanced/);
});

test('SSE_AT_REST and SSE_AT_REST_TOKEN settings', () => {
  expect(parseSettings({ SSE_AT_REST: 'builtin' }).atRest).toBe('builtin');
  expect(parseSettings({}).atRest).toBeUndefined();
  expect(parseSettings({ SSE_AT_REST_TOKEN: 'abcdefghijklmnop_-0123' }).atRestToken).toBe('abcdefghijklmnop_-0123');
  expect(() => parseSettings({ SSE_AT_REST_TOKEN: 'short' })).toThrow(/^SSE_AT_REST_TOKEN: /);
});
