import { randomBytes } from 'node:crypto';
import type { Case } from '../matrix/types';
import type { EngineContext } from './context';
import { newSseCKey, type SseCKey } from './sse';

// Keys carry no marker of the cell, the table or the step: an endpoint must not be able to tell a
// request under test from any other client's by its name. Which key served which cell is written
// into the cell's evidence instead.

/** An opaque name (lower-case hex). */
export function opaqueName(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * A fresh folder under the run prefix for one cell: its object, its control's and the witness
 * things all live in it, so that one listing of the folder shows them side by side.
 */
export function cellFolder(ctx: EngineContext): string {
  return `${ctx.prefix}${opaqueName(6)}/`;
}

/**
 * A fresh SSE-C key for what one cell writes, registered with the redactor: never the fixtures'
 * key, so that an endpoint that seals or opens with the wrong key shows.
 */
export function cellSseCKey(ctx: EngineContext): SseCKey {
  if (ctx.keyPool.length === 0) fillKeyPool(ctx, 1);
  return ctx.keyPool.pop()!;
}

/** Makes the keys of `n` cells at once and registers them with the redactor (before any cell can echo one). */
export function fillKeyPool(ctx: EngineContext, n: number): void {
  for (let i = 0; i < n; i++) {
    const key = newSseCKey();
    ctx.redactor.addKeyB64(key.keyB64);
    ctx.keyPool.push(key);
  }
}

/**
 * A fresh SSE-C key that no object was written under, registered with the redactor before it is
 * sent: what must refuse a read without its key must refuse a read with this one too.
 */
export function otherSseCKey(ctx: EngineContext): SseCKey {
  const key = newSseCKey();
  ctx.redactor.addKeyB64(key.keyB64);
  return key;
}

/**
 * The KMS key a cell asks for on what it writes. With a second key configured (S3_KMS_KEY_ID_2),
 * every SSE-KMS target asks for it (writes, copies from any source, uploads and their parts): a key
 * the endpoint would not pick by itself, so a target sealed under the endpoint's default key, or
 * kept under the source's key, shows in the read-back. HEAD and GET cells write nothing: they read
 * a fixture, written under S3_KMS_KEY_ID, and are judged by that key.
 */
export function cellKmsKeyId(ctx: EngineContext, c: Pick<Case, 'operation' | 'target'>): string | undefined {
  const writes = c.operation !== 'head-object' && c.operation !== 'get-object';
  return writes && c.target === 'sse-kms' && ctx.target.kmsKeyId2 ? ctx.target.kmsKeyId2 : ctx.target.kmsKeyId;
}
