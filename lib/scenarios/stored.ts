import { randomBytes } from 'node:crypto';
import type { Encryption } from '../profile/types';
import type { EngineContext } from '../engine/context';
import { echoProblem, kmsKeyMatches } from '../engine/sse';
import { putObject, readObject } from '../engine/trusted-ops';
import type { HttpResponse } from '../transport/send';
import { PASS, type Check } from './types';

export function payload(): Buffer {
  // Random bytes, so that a read-back proves this write and no other.
  return randomBytes(1024 + Math.floor(Math.random() * 512));
}

/** A source object of each encryption, written once through the trusted path and shared read-only. */
export function sourceFixture(ctx: EngineContext, enc: Encryption): Promise<{ key: string; body: Buffer }> {
  let p = ctx.fixtures.get(enc);
  if (!p) {
    const key = `${ctx.prefix}fixtures/source-${enc}`;
    const body = payload();
    p = putObject(ctx, key, enc, body).then(() => ({ key, body }));
    ctx.fixtures.set(enc, p);
    // A failed fixture is retried by the next case that needs it, not cached as failed.
    p.catch(() => ctx.fixtures.delete(enc));
  }
  return p;
}

export function responseEcho(ctx: EngineContext, enc: Encryption, res: HttpResponse): Check {
  const problem = echoProblem(enc, res.headers, ctx.ssec, ctx.target.kmsKeyId);
  return problem ? { verdict: 'fail', severity: 'downgrade', reason: `accepted, but ${problem}` } : PASS;
}

/**
 * Reads the stored object back through the trusted path: SSE-C must refuse a read without the
 * key and return the exact bytes with it; SSE-KMS must say aws:kms with the key id; all must
 * return exactly the bytes written.
 */
export async function verifyStored(ctx: EngineContext, key: string, enc: Encryption, expected: Buffer): Promise<Check> {
  if (enc === 'sse-c') {
    const bare = await readObject(ctx, key, null);
    if (bare.status >= 200 && bare.status < 300) return { verdict: 'fail', severity: 'downgrade', reason: 'stored object is readable without the SSE-C key' };
    if (bare.status >= 500) return { verdict: 'error', reason: `verify: read without the key got ${bare.status} ${bare.code ?? ''}`.trim() };
  }
  const r = await readObject(ctx, key, enc === 'sse-c' ? 'sse-c' : null);
  if (r.status === 404) return { verdict: 'fail', severity: 'downgrade', reason: 'accepted, but no object was stored' };
  if (r.status !== 200 || !r.body) return { verdict: 'error', reason: `verify: trusted read-back got ${r.status} ${r.code ?? ''}`.trim() };
  if (!r.body.equals(expected)) return { verdict: 'fail', severity: 'downgrade', reason: `read-back returned ${r.body.length} bytes that differ from the ${expected.length} written` };
  if (enc === 'sse-c' && (r.headers.cAlg !== 'AES256' || r.headers.cMd5 !== ctx.ssec.md5B64)) {
    return { verdict: 'fail', severity: 'downgrade', reason: 'read-back with the key does not confirm SSE-C (algorithm and key MD5)' };
  }
  if (enc === 'sse-kms' && (r.headers.sse !== 'aws:kms' || !kmsKeyMatches(r.headers.kmsKeyId, ctx.target.kmsKeyId))) {
    return { verdict: 'fail', severity: 'downgrade', reason: `stored object is not SSE-KMS with the key asked for (got ${r.headers.sse ?? 'none'} ${r.headers.kmsKeyId ?? ''})`.trim() };
  }
  return PASS;
}

/** Runs checks in order and returns the first that is not a pass. */
export async function firstProblem(...checks: (Check | (() => Promise<Check>))[]): Promise<Check> {
  for (const c of checks) {
    const r = typeof c === 'function' ? await c() : c;
    if (r.verdict !== 'pass') return r;
  }
  return PASS;
}
