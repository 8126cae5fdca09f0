// Reading a results.json someone hands us (`merge`): it may be damaged or crafted, so it is
// checked against results.schema.json before any report is drawn from it, and every problem is
// one printable line naming the file and the first bad field.
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import type { RunResults } from '../verdict/types';
import schema from './results.schema.json';
import { printable } from './sanitize';

export class ResultsError extends Error {}

/** Far above any real run (128 cells with evidence is well under 1 MB); refuses to slurp a disk image. */
export const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

// Compiled on first use: every command imports this module (through merge and compare), few read a file.
let compiled: ValidateFunction<RunResults> | undefined;
function validator(): ValidateFunction<RunResults> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a results file is read
  compiled ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: false }).compile<RunResults>(schema);
  return compiled;
}

/** "cases[3].expected" from "/cases/3/expected". */
function field(pointer: string, e: ErrorObject): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') parts.push(String((e.params as { missingProperty: string }).missingProperty));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${out ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`;
  return out || '(top level)';
}

function what(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is missing';
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return e.instancePath.endsWith('/id') ? 'must be <table>/<row>/<protocol>-<auth> in lower-case letters, digits and dashes' : 'has characters or a shape not allowed here';
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** Checks parsed JSON against the results schema; returns it typed or throws one line. */
export function checkResults(data: unknown, file: string): RunResults {
  const name = printable(file);
  const validate = validator();
  if (!validate(data)) {
    const e = (validate.errors ?? [])[0];
    throw new ResultsError(`${name} is not a valid results.json: ${e ? `${printable(field(e.instancePath, e), 200)} ${what(e)}` : 'does not match the schema'}`);
  }
  // The schema checks each part of a case id; the id must also be made of the case's own fields,
  // or the reports would file the cell under one id and draw it under another.
  data.cases.forEach((c, i) => {
    if (c.id !== `${c.table}/${c.row}/${c.protocol}-${c.auth}`) {
      throw new ResultsError(`${name} is not a valid results.json: cases[${i}].id ${c.id} does not match its table, row, protocol and auth`);
    }
  });
  return data;
}

/** Reads, parses and checks one results.json: every failure is a ResultsError of one line. */
export function loadResultsFile(file: string): RunResults {
  const name = printable(file);
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new ResultsError(`${name} is a folder that holds no results.json`);
    if (st.size > MAX_RESULTS_BYTES) throw new ResultsError(`${name} is ${st.size} bytes: larger than any results.json (${MAX_RESULTS_BYTES} bytes at most)`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ResultsError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ResultsError(`${name}: cannot read it${code === 'ENOENT' ? ': no such file or folder' : code ? ` (${code})` : ''}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ResultsError(`${name} is not JSON: ${printable((e as Error).message, 200)}`);
  }
  return checkResults(data, file);
}
