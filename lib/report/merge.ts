// Sharded runs each write a RunResults; merge them into the one the reports are drawn from.
import { groupCauses } from '../verdict/causes';
import type { CaseResult, CleanupOutcome, RunResults } from '../verdict/types';
import { sortCases } from './order';
import { printable } from './sanitize';
import { summarize } from './summarize';

function countMarks(cases: readonly CaseResult[]): { known: number; regressions: number; fixed: number } {
  const n = (m: CaseResult['baseline']) => cases.filter((c) => c.baseline === m).length;
  return { known: n('known'), regressions: n('regression'), fixed: n('fixed') };
}

/** Probed at rest only if every shard was, by a probe that held in each. */
function joinAtRest(parts: RunResults[]): RunResults['atRest'] {
  const probed = parts.filter((p) => p.atRest);
  if (probed.length === 0) return undefined;
  const broken = probed.find((p) => !p.atRest!.ok);
  const problem = broken ? broken.atRest!.problem ?? 'the probe was declared broken in a shard' : probed.length < parts.length ? `${parts.length - probed.length} of ${parts.length} shards were not probed at rest` : undefined;
  return { probe: probed[0]!.atRest!.probe, ok: !problem, ...(problem ? { problem } : {}), objects: probed.reduce((n, p) => n + p.atRest!.objects, 0) };
}

/** Every shard cleaned its own prefix: the merged run is clean only when each was. */
function joinCleanups(all: CleanupOutcome[]): CleanupOutcome {
  const lefts = all.map((c) => c.left);
  return {
    ok: all.every((c) => c.ok),
    prefix: all[0]!.prefix,
    left: lefts.some((l) => l === null) ? null : lefts.reduce<number>((a, b) => a + (b ?? 0), 0),
    skipped: all.reduce((a, c) => a + c.skipped, 0),
    failures: all.flatMap((c) => c.failures).slice(0, 100),
  };
}

/** Parts that cannot be merged (different profiles or endpoints): one printable line. */
export class MergeError extends Error {}

// Every run against the embedded reference endpoint starts its own on free ports: the same endpoint all the same.
const endpointKey = (r: RunResults): string => (r.endpoint.embedded ? 'embedded' : JSON.stringify([r.endpoint.http, r.endpoint.https, r.endpoint.bucket, r.endpoint.region]));

/**
 * Union of the parts' cases in matrix order, summary and causes recomputed, earliest startedAt, and the
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
    // Each shard grouped its own cells: one cause spread over shards is one cause of the merged run.
    causes: groupCauses(cases),
    cases,
  };
  if (parts.some((p) => p.interrupted)) merged.interrupted = true;
  else delete merged.interrupted;
  // Each shard counted its own cells against the baseline; the merged run counts the merged marks.
  // A shard without the baseline would carry unmarked failures that count as nothing: refused.
  const files = new Set(parts.map((p) => p.baseline?.file ?? ''));
  if (files.size > 1) throw new MergeError(`mergeResults: the parts were not all judged against the same baseline (${[...files].map((f) => (f ? printable(f, 200) : 'none')).join(', ')}): run every shard with the same --expect`);
  const withBaseline = parts.find((p) => p.baseline);
  if (withBaseline) merged.baseline = { file: withBaseline.baseline!.file, ...countMarks(cases) };
  else delete merged.baseline;
  const atRest = joinAtRest(parts);
  if (atRest) merged.atRest = atRest;
  else delete merged.atRest;
  const cleanups = parts.map((p) => p.cleanup).filter((c): c is CleanupOutcome => !!c);
  if (cleanups.length) merged.cleanup = joinCleanups(cleanups);
  return merged;
}
