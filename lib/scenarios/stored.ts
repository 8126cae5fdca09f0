import { randomBytes } from 'node:crypto';
import type { Encryption } from '../profile/types';
import type { EngineContext } from '../engine/context';
import { opaqueName } from '../engine/keys';
import { memoized } from '../engine/memo';
import { echoProblem, kmsKeyMatches } from '../engine/sse';
import type { SseCKey } from '../engine/sse';
import { putObject, readObject, storedEncryption, type KeyChoice } from '../engine/trusted-ops';
import type { HttpResponse } from '../transport/send';
import { PASS, type Check } from './types';
import { noteStored } from '../at-rest/ledger';
import { otherKeyRead } from './other-keys';

export function payload(): Buffer {
  // Random bytes, so that a read-back proves this write and no other.
  return randomBytes(1024 + Math.floor(Math.random() * 512));
}

export interface SourceFixture {
  key: string;
  body: Buffer;
  /** Why the source is not what it claims (an "SSE-KMS source" stored unencrypted), or undefined. */
  problem?: string;
}

/** A source object of each encryption, written once through the trusted path and shared read-only. */
export function sourceFixture(ctx: EngineContext, enc: Encryption): Promise<SourceFixture> {
  return memo(ctx, enc, () => {
    const key = `${ctx.prefix}${opaqueName()}`;
    const body = payload();
    return putObject(ctx, key, enc, body).then(() => ({ key, body }));
  });
}

/**
 * The same source, checked through a trusted HEAD to be stored as asked: a copy from an
 * "SSE-KMS source" that is really plaintext tests nothing. (HEAD and GET cells judge the
 * object's encryption by their own answer instead, so that they never depend on themselves.
 * That an SSE-C source is opened by its key only is shown by each copy cell after its request:
 * the same copy with another copy-source key must be refused, ./other-keys.ts.)
 */
export function verifiedSourceFixture(ctx: EngineContext, enc: Encryption): Promise<SourceFixture> {
  if (enc === 'plain') return sourceFixture(ctx, enc);
  return memo(ctx, `${enc}:verified`, async () => {
    const f = await sourceFixture(ctx, enc);
    return { ...f, problem: sourceProblem(ctx, enc, await storedEncryption(ctx, f.key, enc)) };
  });
}

// A failed fixture is retried by the next case that needs it, not cached as failed.
function memo(ctx: EngineContext, name: string, make: () => Promise<SourceFixture>): Promise<SourceFixture> {
  return memoized(ctx.fixtures, name, make);
}

function sourceProblem(ctx: EngineContext, enc: Encryption, h: { sse?: string; kmsKeyId?: string; cAlg?: string; cMd5?: string }): string | undefined {
  const ok = enc === 'sse-c' ? h.cAlg === 'AES256' && h.cMd5 === ctx.ssec.md5B64 : h.sse === 'aws:kms' && kmsKeyMatches(h.kmsKeyId, ctx.target.kmsKeyId);
  return ok ? undefined : `the ${enc} source object, written through the trusted path, does not report ${enc} (HEAD says ${h.sse ?? h.cAlg ?? 'no encryption'})`;
}

/** A cell that reads or copies an encrypted source fails when that source was stored unencrypted. */
export function sourceCheck(a: { sourceProblem?: string }): Check {
  return a.sourceProblem ? { verdict: 'fail', severity: 'downgrade', reason: `${a.sourceProblem}: the endpoint does not encrypt what it is asked to`, cause: 'source-not-encrypted' } : PASS;
}

/**
 * Whether the answer confirms the encryption. After the stored object was verified encrypted a
 * missing echo is an interoperability failure (clients that check it refuse); before, a downgrade.
 */
export function responseEcho(ctx: EngineContext, enc: Encryption, res: HttpResponse, storedVerified = false, k: KeyChoice = {}): Check {
  const problem = echoProblem(enc, res.headers, k.ssec ?? ctx.ssec, 'kmsKeyId' in k ? k.kmsKeyId : ctx.target.kmsKeyId);
  if (!problem) return PASS;
  return storedVerified
    ? { verdict: 'fail', severity: 'interop', reason: `stored encrypted as asked, but ${problem}`, cause: 'echo-missing' }
    : { verdict: 'fail', severity: 'downgrade', reason: `accepted, but ${problem}`, cause: 'echo-missing' };
}

/**
 * Reads the stored object back through the trusted path: SSE-C must refuse a read without the
 * key and a read with a fresh key it was never written under (and with `notWith`, the source's
 * key, when a copy must have been sealed under its own) and return the exact bytes with it;
 * SSE-KMS must say aws:kms with the key id; all must return exactly the bytes written (no more is
 * read than that).
 */
export async function verifyStored(ctx: EngineContext, key: string, enc: Encryption, expected: Buffer, k: KeyChoice = {}, notWith?: SseCKey): Promise<Check> {
  if (enc === 'sse-c') {
    const bare = await readObject(ctx, key, null, expected.length);
    if (bare.status >= 200 && bare.status < 300) {
      // Already a downgrade; the at-rest probe can still show how it is stored (when it is this object).
      if (bare.body?.equals(expected)) noteStored({ key, plaintext: expected, encrypted: true });
      return { verdict: 'fail', severity: 'downgrade', reason: 'stored object is readable without the SSE-C key', cause: 'readable-without-key' };
    }
    if (bare.status >= 500) return { verdict: 'error', reason: `verify: read without the key got ${bare.status} ${bare.code ?? ''}`.trim() };
    const another = await otherKeyRead(ctx, key, 'GET');
    if (another.verdict !== 'pass') return another;
    if (notWith) {
      const other = await readObject(ctx, key, 'sse-c', expected.length, { ssec: notWith });
      if (other.status >= 200 && other.status < 300) return { verdict: 'fail', severity: 'downgrade', reason: "the copy opens with the source's SSE-C key: it was not sealed under the key asked for", cause: 'opens-with-other-key' };
    }
  }
  const r = await readObject(ctx, key, enc === 'sse-c' ? 'sse-c' : null, expected.length, k);
  if (r.status === 404) return { verdict: 'fail', severity: 'downgrade', reason: 'accepted, but no object was stored', cause: 'not-stored' };
  if (r.status !== 200 || !r.body) return { verdict: 'error', reason: `verify: trusted read-back got ${r.status} ${r.code ?? ''}`.trim() };
  if (!r.body.equals(expected)) return { verdict: 'fail', severity: 'downgrade', reason: `read-back returned ${r.body.length} bytes that differ from the ${expected.length} written`, cause: 'bytes-differ' };
  if (enc === 'sse-c' && (r.headers.cAlg !== 'AES256' || r.headers.cMd5 !== (k.ssec ?? ctx.ssec).md5B64)) {
    return { verdict: 'fail', severity: 'downgrade', reason: 'read-back with the key does not confirm SSE-C (algorithm and key MD5)', cause: 'wrong-encryption' };
  }
  if (enc === 'sse-kms' && (r.headers.sse !== 'aws:kms' || !kmsKeyMatches(r.headers.kmsKeyId, 'kmsKeyId' in k ? k.kmsKeyId : ctx.target.kmsKeyId))) {
    noteStored({ key, plaintext: expected, encrypted: true });
    return { verdict: 'fail', severity: 'downgrade', reason: `stored object is not SSE-KMS with the key asked for (got ${r.headers.sse ?? 'none'} ${r.headers.kmsKeyId ?? ''})`.trim(), cause: 'wrong-encryption' };
  }
  // Verified present with these bytes: the at-rest probe (--at-rest) looks at how it is really stored.
  noteStored({ key, plaintext: expected, encrypted: enc !== 'plain' });
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
