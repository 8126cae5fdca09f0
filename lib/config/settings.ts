import * as dotenv from 'dotenv';
import * as fs from 'node:fs';
import { CONCURRENCY_RANGE, DEFAULT_CONCURRENCY, DEFAULT_PROFILE, DEFAULT_TIMEOUT_MS, TIMEOUT_MS_RANGE } from './defaults';
import { checkPemFile, readSmallFile } from './files';
import { processRedactor } from '../redact/process';

export class ConfigError extends Error {}

/** Where the harness sends requests: a live endpoint from .env, or the embedded reference endpoint. */
export interface Target {
  embedded: boolean;
  http: string;
  https: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** KMS key id to ask for; when absent the endpoint's default key is asked for (no key id sent). */
  kmsKeyId?: string;
  /** A second KMS key id (S3_KMS_KEY_ID_2): copies and parts from an SSE-KMS source ask for it, so key confusion shows. */
  kmsKeyId2?: string;
  /** User-Agent of the trusted path and of every Signature V4 request (S3_USER_AGENT); default: the AWS SDK's own. */
  userAgent?: string;
  /** User-Agent of every Signature V2 request (S3_USER_AGENT_V2); default: botocore's. */
  userAgentV2?: string;
  /** User-Agent of every POST Object form (S3_USER_AGENT_POST); default: a current desktop Chrome. */
  userAgentPost?: string;
  /** Origin of the page a POST Object form is sent from (S3_POST_ORIGIN), or "null"; default "null" (a form opened from a file). */
  postOrigin?: string;
  forcePathStyle: boolean;
  caFile?: string;
  tlsInsecure: boolean;
  /**
   * Root of every key the harness writes (SSE_KEY_PREFIX, ends with '/'); default
   * `sse-conformance-runs/`, a name an endpoint can recognise (docs/threat-model.md).
   */
  keyPrefix?: string;
}

export interface Settings {
  /** null when .env names no endpoint: the embedded reference endpoint is started instead. */
  target: Omit<Target, 'embedded'> | null;
  profile: string;
  concurrency: number;
  timeoutMs: number;
  /** S3_USER_AGENT, for the embedded endpoint's target too (a live one carries it in `target`). */
  userAgent?: string;
  /** S3_USER_AGENT_V2, S3_USER_AGENT_POST, S3_POST_ORIGIN: likewise. */
  userAgentV2?: string;
  userAgentPost?: string;
  postOrigin?: string;
  /** SSE_AT_REST: the at-rest probe, "builtin" or a command (--at-rest wins). */
  atRest?: string;
  /** SSE_AT_REST_TOKEN: the admin token a separate `serve` printed, for `builtin` against it. */
  atRestToken?: string;
}

/** Every setting, with its documentation; .env.example is checked against this list by a test. */
export const SETTINGS = [
  'S3_ENDPOINT_HTTP',
  'S3_ENDPOINT_HTTPS',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_BUCKET',
  'S3_KMS_KEY_ID',
  'S3_KMS_KEY_ID_2',
  'S3_FORCE_PATH_STYLE',
  'S3_CA_FILE',
  'S3_TLS_INSECURE',
  'SSE_PROFILE',
  'SSE_CONCURRENCY',
  'SSE_TIMEOUT_MS',
  'S3_USER_AGENT',
  'S3_USER_AGENT_V2',
  'S3_USER_AGENT_POST',
  'S3_POST_ORIGIN',
  'SSE_KEY_PREFIX',
  'SSE_AT_REST',
  'SSE_AT_REST_TOKEN',
] as const;
export type SettingName = (typeof SETTINGS)[number];
export type RawSettings = Partial<Record<SettingName, string>>;

/** Reads the env file (when it exists) under the process environment, which wins, as dotenv does. */
export function readRawSettings(envFile: string | undefined, env: NodeJS.ProcessEnv = process.env): RawSettings {
  let fromFile: Record<string, string> = {};
  if (envFile !== undefined) {
    fromFile = dotenv.parse(readSmallFile('--env-file', envFile));
  } else if (fs.existsSync('.env')) {
    fromFile = dotenv.parse(readSmallFile('.env', '.env'));
  }
  const raw: RawSettings = {};
  for (const name of SETTINGS) {
    const v = env[name] ?? fromFile[name];
    if (v !== undefined && v.trim() !== '') raw[name] = v.trim();
  }
  return raw;
}

function url(name: SettingName, value: string, scheme: 'http:' | 'https:'): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${name}: not a URL: "${value}" (expected e.g. ${scheme}//s3.example.com${scheme === 'http:' ? '' : ':443'})`);
  }
  if (u.protocol !== scheme) throw new ConfigError(`${name}: must be a ${scheme}// URL, got "${value}"`);
  if (u.pathname !== '/' || u.search) throw new ConfigError(`${name}: must name only scheme, host and port, got "${value}"`);
  // Port 0 means "any free port" to a listener: no server answers there.
  if (u.port === '0') throw new ConfigError(`${name}: port 0 is not a port an endpoint can listen on, got "${value}"`);
  return `${u.protocol}//${u.host}`;
}

function bool(name: SettingName, value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name}: must be true or false, got "${value}"`);
}

export function int(name: string, value: string | undefined, dflt: number, min: number, max: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}: must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function required(raw: RawSettings, name: SettingName, why: string): string {
  const v = raw[name];
  if (v === undefined) throw new ConfigError(`${name}: missing (${why})`);
  return v;
}

/** Validates every setting; each error names the setting at fault. */
export function parseSettings(raw: RawSettings): Settings {
  const live = raw.S3_ENDPOINT_HTTP !== undefined || raw.S3_ENDPOINT_HTTPS !== undefined;
  const userAgent = raw.S3_USER_AGENT === undefined ? undefined : headerValue('S3_USER_AGENT', raw.S3_USER_AGENT);
  const clients = clientSettings(raw);
  let target: Settings['target'] = null;
  if (live) {
    const why = 'needed when an endpoint is configured; see .env.example';
    const caFile = raw.S3_CA_FILE === undefined ? undefined : checkPemFile('S3_CA_FILE', raw.S3_CA_FILE);
    const http = url('S3_ENDPOINT_HTTP', required(raw, 'S3_ENDPOINT_HTTP', why), 'http:');
    const https = url('S3_ENDPOINT_HTTPS', required(raw, 'S3_ENDPOINT_HTTPS', why), 'https:');
    const bucket = required(raw, 'S3_BUCKET', why);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`S3_BUCKET: "${bucket}" is not a valid bucket name`);
    target = {
      http,
      https,
      region: raw.S3_REGION ?? 'us-east-1',
      accessKeyId: required(raw, 'S3_ACCESS_KEY_ID', why),
      secretAccessKey: required(raw, 'S3_SECRET_ACCESS_KEY', why),
      bucket,
      kmsKeyId: raw.S3_KMS_KEY_ID,
      ...(raw.S3_KMS_KEY_ID_2 !== undefined ? { kmsKeyId2: kmsKeyId2(raw) } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
      ...clients,
      forcePathStyle: bool('S3_FORCE_PATH_STYLE', raw.S3_FORCE_PATH_STYLE, true),
      caFile,
      tlsInsecure: bool('S3_TLS_INSECURE', raw.S3_TLS_INSECURE, false),
      ...(raw.SSE_KEY_PREFIX !== undefined ? { keyPrefix: keyPrefix(raw.SSE_KEY_PREFIX) } : {}),
    };
    if (!/^[a-z0-9-]+$/.test(target.region)) throw new ConfigError(`S3_REGION: "${target.region}" is not a region name`);
    // Messages printed outside a run's engine (a refused cleanup, the preflight) are redacted too.
    processRedactor.addSecretKey(target.secretAccessKey);
  } else {
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_BUCKET', 'SSE_KEY_PREFIX'] as const) {
      if (raw[name] !== undefined) throw new ConfigError(`${name}: set, but S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS are not (set both to test a live endpoint)`);
    }
  }
  return {
    target,
    profile: raw.SSE_PROFILE ?? DEFAULT_PROFILE,
    concurrency: int('SSE_CONCURRENCY', raw.SSE_CONCURRENCY, DEFAULT_CONCURRENCY, CONCURRENCY_RANGE.min, CONCURRENCY_RANGE.max),
    timeoutMs: int('SSE_TIMEOUT_MS', raw.SSE_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, TIMEOUT_MS_RANGE.min, TIMEOUT_MS_RANGE.max),
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...clients,
    ...(raw.SSE_AT_REST !== undefined ? { atRest: raw.SSE_AT_REST } : {}),
    ...(raw.SSE_AT_REST_TOKEN !== undefined ? { atRestToken: atRestToken(raw.SSE_AT_REST_TOKEN) } : {}),
  };
}

/** A key prefix the harness may write under and clean up: plain segments, each ending in '/'. */
function keyPrefix(v: string): string {
  if (!/^([A-Za-z0-9][A-Za-z0-9._-]{0,63}\/){1,8}$/.test(v) || v.split('/').some((seg) => seg === '.' || seg === '..')) {
    throw new ConfigError(`SSE_KEY_PREFIX: must be 1 to 8 folder names, each of letters, digits, '.', '_' or '-' and ending with '/', e.g. uploads/ (got "${v}")`);
  }
  return v;
}

function atRestToken(v: string): string {
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(v)) throw new ConfigError('SSE_AT_REST_TOKEN: must be the atRestToken of the `serve` JSON line (16 to 256 letters, digits, - or _)');
  // A secret: redacted wherever a message could quote it.
  processRedactor.add(v);
  return v;
}

/** The flags every command that reads settings may lay over them. */
export interface SettingsFlags {
  /** --env-file (default: .env when present). */
  envFile?: string;
  /** --profile, over SSE_PROFILE. */
  profile?: string;
  /** --ca-file, over S3_CA_FILE. */
  caFile?: string;
  /** --insecure, over S3_TLS_INSECURE. */
  insecure?: boolean;
}

/**
 * Settings as every command reads them: .env (or --env-file) under the process environment, each
 * validated, with the flags laid over them. `run`, `list` and `cleanup` all come through here.
 */
export function loadSettings(flags: SettingsFlags = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readRawSettings(flags.envFile, env);
  if (flags.profile) raw.SSE_PROFILE = flags.profile;
  const s = parseSettings(raw);
  if (s.target) {
    if (flags.caFile !== undefined) s.target.caFile = checkPemFile('--ca-file', flags.caFile);
    if (flags.insecure) s.target.tlsInsecure = true;
  }
  return s;
}

/** The clients the harness's own requests go out as, for the embedded endpoint's target (a live one has them). */
export function clientIdentityOf(s: Settings): Pick<Target, 'userAgent' | 'userAgentV2' | 'userAgentPost' | 'postOrigin'> {
  return {
    ...(s.userAgent !== undefined ? { userAgent: s.userAgent } : {}),
    ...(s.userAgentV2 !== undefined ? { userAgentV2: s.userAgentV2 } : {}),
    ...(s.userAgentPost !== undefined ? { userAgentPost: s.userAgentPost } : {}),
    ...(s.postOrigin !== undefined ? { postOrigin: s.postOrigin } : {}),
  };
}

/** S3_USER_AGENT_V2, S3_USER_AGENT_POST and S3_POST_ORIGIN, each validated. */
function clientSettings(raw: RawSettings): Pick<Settings, 'userAgentV2' | 'userAgentPost' | 'postOrigin'> {
  return {
    ...(raw.S3_USER_AGENT_V2 !== undefined ? { userAgentV2: headerValue('S3_USER_AGENT_V2', raw.S3_USER_AGENT_V2) } : {}),
    ...(raw.S3_USER_AGENT_POST !== undefined ? { userAgentPost: headerValue('S3_USER_AGENT_POST', raw.S3_USER_AGENT_POST) } : {}),
    ...(raw.S3_POST_ORIGIN !== undefined ? { postOrigin: pageOrigin(raw.S3_POST_ORIGIN) } : {}),
  };
}

/** An origin as a browser sends it in Origin: scheme://host[:port], no path; or "null". */
function pageOrigin(value: string): string {
  if (value === 'null') return value;
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || value !== u.origin || value.length > 256) {
    throw new ConfigError(`S3_POST_ORIGIN: must be "null" or an origin such as https://www.example.com (scheme, host and port only), got "${value.replace(/[^\x20-\x7e]/g, '?').slice(0, 80)}"`);
  }
  return value;
}

/** A value sent as a header on every request: printable ASCII only (no header injection), bounded. */
function headerValue(name: SettingName, value: string): string {
  if (!/^[\x20-\x7e]{1,256}$/.test(value)) throw new ConfigError(`${name}: must be 1 to 256 printable ASCII characters`);
  return value;
}

function kmsKeyId2(raw: RawSettings): string {
  const v = headerValue('S3_KMS_KEY_ID_2', raw.S3_KMS_KEY_ID_2!);
  // The second key exists to show key confusion: the same key as the first would hide it.
  if (v === raw.S3_KMS_KEY_ID) throw new ConfigError('S3_KMS_KEY_ID_2: must differ from S3_KMS_KEY_ID');
  return v;
}
