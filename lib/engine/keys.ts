import { randomBytes } from 'node:crypto';
import type { EngineContext } from './context';

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
