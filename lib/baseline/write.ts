// `run --write-expect FILE`: the baseline of a run, for the user to read and edit. Every cell that
// did not pass is listed with its verdict and answer; `because` is the harness's reason, to be
// rewritten as the endpoint's behaviour. A cell the previous baseline already explained keeps its words.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaseResult, RunResults } from '../verdict/types';
import type { Baseline, CellExpectation } from './baseline';
import { markOf } from './mark';

/** Bound on a generated `because`: the reason can quote an endpoint's error message. */
const BECAUSE_MAX = 600;

export function entryFor(r: CaseResult, previous?: CellExpectation): CellExpectation | undefined {
  if (r.verdict !== 'fail' && r.verdict !== 'error') return undefined;
  if (previous && markOf(r, previous) === 'known') return previous;
  const reason = r.reason.length > BECAUSE_MAX ? `${r.reason.slice(0, BECAUSE_MAX)}...` : r.reason;
  return {
    verdict: r.verdict,
    ...(r.severity ? { severity: r.severity } : {}),
    observed: { status: r.observed.status, ...(r.observed.code ? { code: r.observed.code } : {}) },
    ...(r.atRest === 'plaintext' || r.atRest === 'not-found' ? { atRest: r.atRest } : {}),
    because: `observed (edit into the endpoint's behaviour): ${reason}`,
  };
}

export function baselineOf(results: Pick<RunResults, 'endpoint' | 'profile' | 'runId' | 'cases'>, previous?: Baseline): Baseline {
  const cells: Record<string, CellExpectation> = {};
  // Cells outside this run keep their previous entries: writing a shard's baseline over a whole one loses nothing.
  const judged = new Set(results.cases.filter((c) => c.verdict !== 'skipped').map((c) => c.id));
  for (const [id, e] of Object.entries(previous?.cells ?? {})) if (!judged.has(id)) cells[id] = e;
  for (const r of results.cases) {
    const e = entryFor(r, previous?.cells[r.id]);
    if (e) cells[r.id] = e;
  }
  const sorted = Object.fromEntries(Object.entries(cells).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $comment: `Cells known not to pass, written by sse-conformance run --write-expect from run ${results.runId}. Every cell not listed must pass. Rewrite each "because" as what the endpoint answered and did.`,
    endpoint: previous?.endpoint ?? `${results.endpoint.embedded ? 'the embedded reference endpoint' : results.endpoint.https} (bucket ${results.endpoint.bucket})`,
    profile: results.profile,
    cells: sorted,
  };
}

/** Writes atomically (a temp file renamed over FILE): a failed write leaves the old baseline. */
export function writeBaseline(file: string, baseline: Baseline): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(baseline, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
