// Sharded runs each write a RunResults; merge them into the one the reports are drawn from.
import type { CaseResult, RunResults } from '../verdict/types';
import { sortCases } from './order';
import { printable } from './sanitize';
import { summarize } from './summarize';

/** Parts that cannot be merged (different profiles or endpoints): one printable line. */
export class MergeError extends Error {}

const endpointKey = (r: RunResults): string => JSON.stringify([r.endpoint.http, r.endpoint.https, r.endpoint.bucket, r.endpoint.region]);

/**
 * Union of the parts' cases in matrix order, summary recomputed, earliest startedAt, and the
 * longest duration (shards run side by side). Parts must share profile and endpoint: merging
 * different endpoints would draw one matrix out of two servers. When a cell appears in several
 * parts, a judged result beats a skipped one, and otherwise the later part wins (a re-run).
 */
export function mergeResults(parts: RunResults[]): RunResults {
  if (parts.length === 0) throw new MergeError('mergeResults: nothing to merge');
  const first = parts[0];
  for (const p of parts) {
    if (p.profile !== first.profile) throw new MergeError(`mergeResults: parts use different profiles (${printable(first.profile, 200)}, ${printable(p.profile, 200)})`);
    if (endpointKey(p) !== endpointKey(first)) throw new MergeError(`mergeResults: parts ran against different endpoints (${printable(first.endpoint.https, 200)}, ${printable(p.endpoint.https, 200)})`);
  }
  const byId = new Map<string, CaseResult>();
  for (const p of parts) {
    for (const c of p.cases) {
      const seen = byId.get(c.id);
      if (seen && seen.verdict !== 'skipped' && c.verdict === 'skipped') continue;
      byId.set(c.id, c);
    }
  }
  const cases = sortCases([...byId.values()]);
  const earliest = parts.reduce((a, b) => (Date.parse(b.startedAt) < Date.parse(a.startedAt) ? b : a));
  const merged: RunResults = {
    ...first,
    runId: earliest.runId,
    strict: parts.every((p) => p.strict),
    startedAt: earliest.startedAt,
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    summary: summarize(cases),
    cases,
  };
  if (parts.some((p) => p.interrupted)) merged.interrupted = true;
  else delete merged.interrupted;
  return merged;
}
