// `compare`: several runs' results side by side, cell by cell. Runs may come from different
// endpoints or profiles (a customer comparing vendors) or be the same endpoint on two nights: cells
// are matched by case id, and a cell a run did not judge is "not run" there.
import { Redactor } from '../redact/redact';
import { causeKey, causeVerdictText, causesOf } from '../report/causes';
import { buildMatrix, type MatrixTable } from '../report/matrix-model';
import { sortCases } from '../report/order';
import { redactResults } from '../report/redact-results';
import { printable } from '../report/sanitize';
import type { CauseGroup } from '../verdict/causes';
import type { CaseResult, RunResults } from '../verdict/types';

export class CompareError extends Error {}

/** More runs than this make a page nobody reads (64+ columns); a nightly job compares 2. */
export const MAX_COMPARE_RUNS = 16;

export interface CompareRun {
  /** Where the run was read from, as given on the command line. */
  source: string;
  results: RunResults;
  byId: Map<string, CaseResult>;
}

export interface CompareRow {
  labels: string[];
  rule: { protocol: string; auth: string };
  requirement: string;
  /** One slot per column (COLUMNS order): the case id drawn there, or undefined when no run has one. */
  ids: (string | undefined)[];
}

export interface CompareTable {
  id: string;
  title: string;
  rows: CompareRow[];
  /** Case ids of this table whose outcome is not the same in every run. */
  differing: string[];
}

/**
 * appeared: not in the first run, in the last; went away: in the first, not in the last; varies: in
 * the first and the last but not in every run between (or in neither, only between); same: in every run.
 */
export type CauseChange = 'appeared' | 'went away' | 'varies' | 'same';

/** One cause (its id and the answer that showed it) across the runs. */
export interface CompareCause {
  id: string;
  title: string;
  sentence: string;
  answer?: string;
  /** Per run: how many of its cells this cause holds there (0: not there). */
  counts: number[];
  /** Per run: the verdicts it has there ("FAIL (exposure)", "ERROR"; several when the answer is the same but the verdicts differ). */
  verdicts: string[][];
  /** Per run: its cells there, written compactly. */
  compact: string[][];
  change: CauseChange;
}

export interface Comparison {
  runs: CompareRun[];
  /** Every case id judged by at least one run, in matrix order. */
  ids: string[];
  tables: CompareTable[];
  /** Case ids whose outcome differs between runs, in matrix order. */
  differing: string[];
  /** The same, as a set, for lookups while drawing. */
  differs: Set<string>;
  /** Every cause of any run, keyed by id and answer: those that changed first, then the largest. */
  causes: CompareCause[];
}

const CHANGE_ORDER: readonly CauseChange[] = ['appeared', 'went away', 'varies', 'same'];

/** Which causes appeared or went away: each run's causes (results.causes, or grouped from its cells) matched by id and answer. */
export function compareCauses(perRun: readonly (readonly CauseGroup[])[]): CompareCause[] {
  const n = perRun.length;
  const byKey = new Map<string, CompareCause>();
  perRun.forEach((groups, ri) => {
    for (const g of groups) {
      const k = causeKey(g);
      let c = byKey.get(k);
      if (!c) {
        c = { id: g.id, title: g.title, sentence: g.sentence, ...(g.answer !== undefined ? { answer: g.answer } : {}), counts: Array(n).fill(0), verdicts: Array.from({ length: n }, () => []), compact: Array.from({ length: n }, () => []), change: 'same' };
        byKey.set(k, c);
      }
      c.counts[ri] += g.cells.length;
      const v = causeVerdictText(g);
      if (!c.verdicts[ri].includes(v)) c.verdicts[ri].push(v);
      c.compact[ri].push(...g.compact);
    }
  });
  const out = [...byKey.values()];
  for (const c of out) {
    const present = c.counts.map((x) => x > 0);
    c.change = present.every(Boolean) ? 'same' : !present[0] && present[n - 1] ? 'appeared' : present[0] && !present[n - 1] ? 'went away' : 'varies';
  }
  return out.sort((a, b) => CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) || Math.max(...b.counts) - Math.max(...a.counts));
}

/**
 * What two runs must agree on for a cell to be "the same": the verdict, and for a FAIL its severity
 * (an interop failure turning into an exposure is a change a nightly job must see). Absent: "not run".
 */
export function outcomeKey(c: CaseResult | undefined): string {
  if (!c) return 'not-run';
  return c.verdict === 'fail' ? `fail:${c.severity ?? ''}` : c.verdict;
}

/** Checks the count of runs and indexes each one's cases; a case id twice in one run is refused. */
export function buildComparison(inputs: { source: string; results: RunResults }[]): Comparison {
  if (inputs.length === 0) throw new CompareError('nothing to compare: name at least one run');
  if (inputs.length > MAX_COMPARE_RUNS) throw new CompareError(`${inputs.length} runs named: at most ${MAX_COMPARE_RUNS} can be compared at once`);
  const runs: CompareRun[] = inputs.map(({ source, results }) => {
    // Every report redacts again what it draws; a results.json from elsewhere is no exception.
    const safe = redactResults(results, new Redactor());
    const byId = new Map<string, CaseResult>();
    safe.cases.forEach((c, i) => {
      // A crafted file could list a cell twice with two verdicts: which one to show would be a guess.
      if (byId.has(c.id)) throw new CompareError(`${printable(source)}: cases[${i}].id ${printable(c.id, 200)} appears twice in one run`);
      byId.set(c.id, c);
    });
    return { source, results: safe, byId };
  });

  // The rows and their vendor-side cells come from the first run holding each cell.
  const first = new Map<string, CaseResult>();
  for (const r of runs) for (const c of r.results.cases) if (!first.has(c.id)) first.set(c.id, c);
  const union = sortCases([...first.values()]);
  const differing = union.filter((c) => new Set(runs.map((r) => outcomeKey(r.byId.get(c.id)))).size > 1).map((c) => c.id);
  const differs = new Set(differing);
  const tables = buildMatrix(union).map((t: MatrixTable) => ({
    id: t.id,
    title: t.title,
    rows: t.rows.map((r) => ({ labels: r.labels, rule: r.rule, requirement: r.requirement, ids: r.cells.map((c) => c?.id) })),
    differing: t.cases.filter((c) => differs.has(c.id)).map((c) => c.id),
  }));
  const causes = compareCauses(runs.map((r) => causesOf(r.results)));
  return { runs, ids: union.map((c) => c.id), tables, differing, differs, causes };
}
