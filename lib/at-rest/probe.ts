// The probes a run can be given: a command (the contract in ./command.ts), or `builtin`, the
// reference endpoint's own storage (in process for the embedded endpoint; over `serve`'s
// authenticated loopback admin route otherwise).
import * as http from 'node:http';
import * as path from 'node:path';
import { ConfigError } from '../config/settings';
import { ADMIN_PATH, ADMIN_TOKEN_HEADER } from '../reference-endpoint/admin';
import { DEFAULT_MAX_BYTES, runProbeCommand, splitCommand, STDERR_READ, type ProbeRead } from './command';

export interface AtRestProbe {
  /** As results.json shows it: "builtin" or the command's first word, never its arguments (paths, tokens). */
  name: string;
  read(bucket: string, key: string): Promise<ProbeRead>;
}

export interface ProbeLimits {
  timeoutMs: number;
  maxBytes?: number;
}

export function commandProbe(cmd: string, limits: ProbeLimits): AtRestProbe {
  let argv: string[];
  try {
    argv = splitCommand(cmd);
  } catch (e) {
    throw new ConfigError(`--at-rest / SSE_AT_REST: ${(e as Error).message}`);
  }
  if (argv.length === 0) throw new ConfigError('--at-rest / SSE_AT_REST: empty command');
  return { name: path.basename(argv[0]!), read: (bucket, key) => runProbeCommand(argv, bucket, key, limits) };
}

/** The embedded endpoint's storage, read in process. */
export function inProcessProbe(ep: { rawStoredBytes(bucket: string, key: string): Promise<Buffer | undefined> }): AtRestProbe {
  return {
    name: 'builtin',
    async read(bucket, key) {
      try {
        const bytes = await ep.rawStoredBytes(bucket, key);
        return bytes ? { kind: 'bytes', bytes, stderr: '' } : { kind: 'not-found', stderr: '' };
      } catch (e) {
        return { kind: 'error', message: (e as Error).message, stderr: '' };
      }
    },
  };
}

/** The admin route of a reference endpoint started by `serve` (lib/reference-endpoint/admin.ts). */
export function adminRouteProbe(httpBase: string, token: string, limits: ProbeLimits): AtRestProbe {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  return {
    name: 'builtin',
    read(bucket, key) {
      const url = new URL(`${ADMIN_PATH}?${new URLSearchParams({ bucket, key })}`, httpBase);
      return new Promise<ProbeRead>((resolve) => {
        let done = false;
        const end = (r: ProbeRead) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          req.destroy();
          resolve(r);
        };
        const req = http.get(url, { headers: { [ADMIN_TOKEN_HEADER]: token }, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          let n = 0;
          res.on('data', (b: Buffer) => {
            n += b.length;
            if (n > maxBytes) return end({ kind: 'error', message: `more than ${maxBytes} bytes from the admin route`, stderr: '', bytes: Buffer.concat(chunks) });
            chunks.push(b);
          });
          res.on('error', (e) => end({ kind: 'error', message: e.message, stderr: '' }));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            if (res.statusCode === 200) end({ kind: 'bytes', bytes: body, stderr: '' });
            else if (res.statusCode === 404) end({ kind: 'not-found', stderr: '' });
            else end({ kind: 'error', message: `admin route answered ${res.statusCode}`, stderr: body.subarray(0, STDERR_READ).toString('utf8') });
          });
        });
        req.on('error', (e) => end({ kind: 'error', message: `admin route: ${e.message}`, stderr: '' }));
        const timer = setTimeout(() => end({ kind: 'error', message: `no answer within ${limits.timeoutMs} ms`, stderr: '' }), limits.timeoutMs);
      });
    },
  };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/i;

/**
 * The probe a run was asked for. `builtin` reads the reference endpoint's storage: in process when
 * the run started it, else over the admin route of the `serve` named by S3_ENDPOINT_HTTP (loopback
 * only), with the token `serve` printed (SSE_AT_REST_TOKEN).
 */
export function resolveProbe(
  spec: string,
  o: { embedded?: { rawStoredBytes(bucket: string, key: string): Promise<Buffer | undefined> }; http?: string; token?: string } & ProbeLimits,
): AtRestProbe {
  if (spec.trim() !== 'builtin') return commandProbe(spec, o);
  if (o.embedded) return inProcessProbe(o.embedded);
  if (!o.http) throw new ConfigError('--at-rest builtin: no endpoint to probe');
  const host = new URL(o.http).hostname;
  if (!LOOPBACK.test(host)) throw new ConfigError(`--at-rest builtin: reads the storage of a reference endpoint (\`serve\`) on loopback; S3_ENDPOINT_HTTP is ${host}`);
  if (!o.token) throw new ConfigError('SSE_AT_REST_TOKEN: missing (--at-rest builtin against a separate `serve` needs the atRestToken of its JSON line)');
  return adminRouteProbe(o.http, o.token, o);
}
