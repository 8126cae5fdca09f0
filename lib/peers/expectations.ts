import * as fs from 'node:fs';
import type { Case } from '../matrix/types';
import type { CaseResult, RunResults, Severity } from '../verdict/types';

/**
 * A peer endpoint's checked-in expectation: every cell it does NOT pass, with the verdict the
 * harness gives and, in words, the endpoint's behaviour that explains it. Cells not listed must
 * pass. Matching is exact both ways: a new failure and an expected failure that now passes are
 * both differences.
 */
export interface CellExpectation {
  verdict: 'fail' | 'error';
  /** Required for 'fail', absent for 'error'. */
  severity?: Severity;
  /** What the request under test got back, as results.json records it ({status, code?}); checked when given. */
  observed?: { status: number; code?: string };
  /** The endpoint's observed behaviour that makes the cell fail or err (never "the check is too strict"). */
  because: string;
  /**
   * Set when the verdict is the harness's fault, not the endpoint's: what the harness does wrong.
   * Such entries are listed as warnings on every run until the harness is fixed.
   */
  harnessBug?: string;
}

export interface ExpectationFile {
  endpoint?: string;
  profile?: string;
  cells: Record<string, CellExpectation>;
}

const SEVERITIES: readonly Severity[] = ['exposure', 'downgrade', 'interop'];
const TOP_KEYS = new Set(['$comment', 'endpoint', 'profile', 'cells']);
const CELL_KEYS = new Set(['verdict', 'severity', 'observed', 'because', 'harnessBug']);

export class ExpectationError extends Error {}

/** Parses and validates an expectation file against the matrix; every problem is named. */
export function parseExpectations(text: string, cases: readonly Case[], file = 'expectation file'): ExpectationFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ExpectationError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ExpectationError(`${file}: must be a JSON object`);
  const top = raw as Record<string, unknown>;
  for (const k of Object.keys(top)) if (!TOP_KEYS.has(k)) problems.push(`unknown top-level key "${k}"`);
  const cells = top.cells;
  if (typeof cells !== 'object' || cells === null || Array.isArray(cells)) throw new ExpectationError(`${file}: "cells" must be an object keyed by case id`);
  const ids = new Set(cases.map((c) => c.id));
  for (const [id, v] of Object.entries(cells as Record<string, unknown>)) {
    const where = `cells["${id}"]`;
    if (!ids.has(id)) problems.push(`${where}: no such case in the matrix`);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${where}: must be an object`);
      continue;
    }
    const e = v as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!CELL_KEYS.has(k)) problems.push(`${where}: unknown key "${k}"`);
    if (e.verdict !== 'fail' && e.verdict !== 'error') problems.push(`${where}.verdict: must be "fail" or "error" (a passing cell is simply not listed)`);
    if (e.verdict === 'fail' && !SEVERITIES.includes(e.severity as Severity)) problems.push(`${where}.severity: must be one of ${SEVERITIES.join(', ')}`);
    if (e.verdict === 'error' && e.severity !== undefined) problems.push(`${where}.severity: an error has no severity`);
    if (typeof e.because !== 'string' || e.because.trim().length < 10) problems.push(`${where}.because: explain the endpoint's behaviour in words`);
    if (e.harnessBug !== undefined && (typeof e.harnessBug !== 'string' || !e.harnessBug.trim())) problems.push(`${where}.harnessBug: must be a description`);
    if (e.observed !== undefined) {
      const o = e.observed as Record<string, unknown>;
      const ok = typeof o === 'object' && o !== null && Number.isInteger(o.status) && (o.code === undefined || typeof o.code === 'string') && Object.keys(o).every((k) => k === 'status' || k === 'code');
      if (!ok) problems.push(`${where}.observed: must be {"status": <int>, "code"?: "<S3 error code>"}`);
    }
  }
  if (problems.length) throw new ExpectationError(`${file}:\n  ${problems.join('\n  ')}`);
  return raw as ExpectationFile;
}

export function loadExpectations(file: string, cases: readonly Case[]): ExpectationFile {
  return parseExpectations(fs.readFileSync(file, 'utf8'), cases, file);
}

/** One line per cell, the same shape on both sides of a diff. */
export function describeCell(v: { verdict: string; severity?: string; observed?: { status: number; code?: string } }): string {
  const obs = v.observed ? ` [${v.observed.status}${v.observed.code ? ` ${v.observed.code}` : ''}]` : '';
  return `${v.verdict.toUpperCase()}${v.severity ? ` (${v.severity})` : ''}${obs}`;
}

export interface Difference {
  id: string;
  kind: 'new' | 'gone' | 'changed';
  expected?: CellExpectation;
  actual: CaseResult;
}

/**
 * Compares a run with the expectation. Every cell that did not pass must be listed with the
 * same verdict, severity and (when the expectation names it) the same observed answer; every
 * listed cell must still be there.
 */
export function compareWithExpectations(results: readonly CaseResult[], exp: ExpectationFile): Difference[] {
  const diffs: Difference[] = [];
  for (const r of results) {
    const e = exp.cells[r.id];
    const notPass = r.verdict !== 'pass';
    if (!e) {
      if (notPass) diffs.push({ id: r.id, kind: 'new', actual: r });
      continue;
    }
    if (!notPass) {
      diffs.push({ id: r.id, kind: 'gone', expected: e, actual: r });
      continue;
    }
    const sameObserved = e.observed === undefined || (e.observed.status === r.observed.status && e.observed.code === r.observed.code);
    if (e.verdict !== r.verdict || (e.severity ?? undefined) !== (r.severity ?? undefined) || !sameObserved) {
      diffs.push({ id: r.id, kind: 'changed', expected: e, actual: r });
    }
  }
  // A listed cell the run did not judge at all (filtered out, or missing): also a difference.
  const seen = new Set(results.map((r) => r.id));
  for (const [id, e] of Object.entries(exp.cells)) {
    if (!seen.has(id)) diffs.push({ id, kind: 'gone', expected: e, actual: { id, verdict: 'skipped', observed: { status: 0 }, reason: 'not in the run' } as CaseResult });
  }
  return diffs.sort((a, b) => a.id.localeCompare(b.id));
}

/** A readable diff: "-" the expectation, "+" what the run found, with the harness's reason. */
export function renderDifferences(diffs: readonly Difference[]): string {
  const lines: string[] = [];
  for (const d of diffs) {
    const actual = describeCell(d.actual);
    if (d.kind === 'new') {
      lines.push(`+ ${d.id}: ${actual}   (new: not in the expectation)`);
    } else if (d.kind === 'gone') {
      lines.push(`- ${d.id}: ${describeCell(d.expected!)}   (expected, but the run says ${actual})`);
    } else {
      lines.push(`- ${d.id}: ${describeCell(d.expected!)}`);
      lines.push(`+ ${d.id}: ${actual}`);
    }
    lines.push(`      harness: ${d.actual.reason}`);
    if (d.expected) lines.push(`      expected because: ${d.expected.because}`);
  }
  return lines.join('\n');
}

/** Entries for the new cells, to paste after writing "because" from the evidence in results.json. */
export function skeletonFor(diffs: readonly Difference[]): string {
  const cells: Record<string, CellExpectation> = {};
  for (const d of diffs) {
    if (d.kind !== 'new' && d.kind !== 'changed') continue;
    const r = d.actual;
    if (r.verdict !== 'fail' && r.verdict !== 'error') continue;
    cells[d.id] = {
      verdict: r.verdict,
      ...(r.severity ? { severity: r.severity } : {}),
      observed: { status: r.observed.status, ...(r.observed.code ? { code: r.observed.code } : {}) },
      because: 'TODO: what the endpoint answered and did (see the act request/response in results.json)',
    };
  }
  return JSON.stringify(cells, null, 2);
}

/** The run judged the whole matrix, to the end, with a verdict for every cell. */
export function completenessProblems(run: Pick<RunResults, 'summary' | 'interrupted' | 'cases'>, cases: readonly Case[]): string[] {
  const problems: string[] = [];
  if (run.interrupted) problems.push('the run was interrupted');
  const want = new Set(cases.map((c) => c.id));
  const got = new Set(run.cases.map((c) => c.id));
  const missing = [...want].filter((id) => !got.has(id));
  if (missing.length) problems.push(`${missing.length} of ${want.size} cells were not judged (e.g. ${missing.slice(0, 3).join(', ')})`);
  const skipped = run.cases.filter((c) => c.verdict === 'skipped');
  if (skipped.length) problems.push(`${skipped.length} cells were skipped`);
  return problems;
}
