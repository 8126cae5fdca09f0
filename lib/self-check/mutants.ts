import type { Case } from '../matrix/types';

/**
 * The cells whose verdict an inverted cell can change: itself; every cell when it is an
 * HTTPS+V4 cell (the trusted path arranges, verifies and looks with HTTPS+V4 requests, and copy
 * sources are written through it); and, for a plain-to-plain row of either copy table, the reject
 * cells of the same table, protocol and signature (their control is exactly that request). Nothing else: a
 * cell's own protocol and signature are used only by its request under test (its own rule) and
 * its control, which asks for no encryption (a plain PUT, POST, GET... is in no table).
 * self-check.slow.test.ts checks this against the rules the endpoint consults in a real run.
 * Running only these keeps the self-check fast.
 */
export function reachOf(mutant: Case, all: Case[]): Case[] {
  if (mutant.protocol === 'https' && mutant.auth === 'v4') return all;
  return all.filter((c) => c.id === mutant.id || controlledBy(mutant, c));
}

/** Whether `c`'s control (same request, nothing encrypted) is the mutant's cell. */
function controlledBy(mutant: Case, c: Case): boolean {
  return mutant.row === 'plain-to-plain' && c.table === mutant.table && c.protocol === mutant.protocol && c.auth === mutant.auth && c.expected === 'reject';
}

/** Cells that may legitimately be ERROR under this mutant (their fixtures, read-back or control use it). */
export function mayBeBlocked(mutant: Case, c: Case): boolean {
  if (c.id === mutant.id) return false;
  if (mutant.protocol === 'https' && mutant.auth === 'v4') return true;
  return controlledBy(mutant, c);
}
