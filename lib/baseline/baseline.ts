// A baseline (`run --expect FILE`): the cells known not to pass, each with the verdict the harness
// gives and, in words, the endpoint's behaviour that explains it. Cells not listed must pass. The
// file's shape is lib/baseline/baseline.schema.json; the cell ids are checked against the matrix.
import * as fs from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Case } from '../matrix/types';
import type { AtRestFinding, Severity, Verdict } from '../verdict/types';
import schema from './baseline.schema.json';

export interface CellExpectation {
  verdict: 'fail' | 'error';
  /** Required for 'fail', absent for 'error'. */
  severity?: Severity;
  /** What the request under test got back, as results.json records it ({status, code?}); checked when given. */
  observed?: { status: number; code?: string };
  /** What the at-rest probe found (`run --at-rest`); checked when the run was probed. */
  atRest?: AtRestFinding;
  /** The endpoint's observed behaviour that makes the cell fail or err (never "the check is too strict"). */
  because: string;
  /**
   * Set when the verdict is the harness's fault, not the endpoint's: what the harness does wrong.
   * Such entries are listed as warnings on every run until the harness is fixed.
   */
  harnessBug?: string;
}

export interface Baseline {
  $comment?: string;
  endpoint?: string;
  profile?: string;
  cells: Record<string, CellExpectation>;
}

/** A baseline that cannot be used: one message naming the file and every problem. */
export class BaselineError extends Error {}

// Compiled on first use: a run without --expect does not pay for ajv.
let compiled: ValidateFunction<Baseline> | undefined;
function validator(): ValidateFunction<Baseline> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a baseline is read
  compiled ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: true }).compile<Baseline>(schema);
  return compiled;
}

/** Parses and validates a baseline against the schema and the matrix; every problem is named. */
export function parseBaseline(text: string, cases: readonly Case[], file = 'baseline'): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const validate = validator();
  const problems = validate(raw) ? [] : explain(validate.errors ?? []);
  if (!problems.length) {
    const ids = new Set(cases.map((c) => c.id));
    for (const id of Object.keys((raw as Baseline).cells)) if (!ids.has(id)) problems.push(`cells["${id}"]: no such case in the matrix`);
  }
  if (problems.length) throw new BaselineError(`${file}:\n  ${problems.slice(0, 50).join('\n  ')}`);
  return raw as Baseline;
}

export function loadBaseline(file: string, cases: readonly Case[]): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseBaseline(text, cases, file);
}

/** ajv's pointers as `cells["sse-c/put-object/http-v2"].severity: ...`. */
function explain(errors: ErrorObject[]): string[] {
  const out = new Set<string>();
  // if/then/else add a generic "must match ..." beside the specific error.
  for (const e of errors.filter((x) => x.keyword !== 'if')) {
    const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let where = parts.length ? parts[0]! : '(top level)';
    if (parts[0] === 'cells' && parts[1] !== undefined) where = `cells[${JSON.stringify(parts[1])}]${parts.slice(2).map((p) => `.${p}`).join('')}`;
    out.add(`${where}: ${what(e)}`);
  }
  return [...out];
}

function what(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown key "${String(p.additionalProperty)}"`;
  if (e.keyword === 'required' && p.missingProperty === 'severity') return 'a "fail" needs a severity: one of exposure, downgrade, interop';
  if (e.keyword === 'required') return `missing "${String(p.missingProperty)}"`;
  if (e.keyword === 'not') return 'an "error" has no severity';
  if (e.keyword === 'enum') return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${e.instancePath.endsWith('/verdict') ? ' (a passing cell is simply not listed)' : ''}`;
  if (e.keyword === 'propertyNames') return `"${String(p.propertyName)}" is not a case id`;
  if (e.instancePath.endsWith('/because') && (e.keyword === 'minLength' || e.keyword === 'pattern')) return "explain the endpoint's behaviour in words (10 characters or more)";
  return e.message ?? e.keyword;
}

/** One line per cell, the same shape on both sides of a diff. */
export function describeCell(v: { verdict: Verdict | CellExpectation['verdict']; severity?: string; observed?: { status: number; code?: string }; atRest?: string }): string {
  const obs = v.observed ? ` [${v.observed.status}${v.observed.code ? ` ${v.observed.code}` : ''}]` : '';
  const rest = v.atRest === 'plaintext' || v.atRest === 'not-found' ? ` {at rest: ${v.atRest}}` : '';
  return `${v.verdict.toUpperCase()}${v.severity ? ` (${v.severity})` : ''}${obs}${rest}`;
}
