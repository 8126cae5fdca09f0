import type { Case } from '../matrix/types';

/**
 * The cells whose verdict an inverted cell can change: itself; every cell when it is an
 * HTTPS+V4 cell (the trusted path arranges and verifies with HTTPS+V4 requests); and, for a
 * plain-to-plain copy row, the reject cells of the same table, protocol and signature (their
 * control is exactly that request). Running only these keeps the self-check fast.
 */
export function reachOf(mutant: Case, all: Case[]): Case[] {
  if (mutant.protocol === 'https' && mutant.auth === 'v4') return all;
  if (mutant.row === 'plain-to-plain') return all.filter((c) => c.table === mutant.table);
  return all.filter((c) => c.table === mutant.table);
}

/** Cells that may legitimately be ERROR under this mutant (their fixtures, read-back or control use it). */
export function mayBeBlocked(mutant: Case, c: Case): boolean {
  if (c.id === mutant.id) return false;
  if (mutant.protocol === 'https' && mutant.auth === 'v4') return true;
  return mutant.row === 'plain-to-plain' && c.table === mutant.table && c.protocol === mutant.protocol && c.auth === mutant.auth && c.expected === 'reject';
}
