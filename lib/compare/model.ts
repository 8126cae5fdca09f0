// `compare`: several runs' results side by side, cell by cell. Runs may come from different
// endpoints or profiles (a customer comparing vendors) or be the same endpoint on two nights: cells
// are matched by case id, and a cell a run did not judge is "not run" there.
import { Redactor } from '../redact/redact';
import { buildMatrix, type MatrixTable } from '../report/matrix-model';
import { sortCases } from '../report/order';
import { redactResults } from '../report/redact-results';
import { printable } from '../report/sanitize';
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

export interface Comparison {
  runs: CompareRun[];
  /** Every case id judged by at least one run, in matrix order. */
  ids: string[];
  tables: CompareTable[];
  /** Case ids whose outcome differs between runs, in matrix order. */
  differing: string[];
  /** The same, as a set, for lookups while drawing. */
  differs: Set<string>;
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
  return { runs, ids: union.map((c) => c.id), tables, differing, differs };
}
