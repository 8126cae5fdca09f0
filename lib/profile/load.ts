import type { ErrorObject, ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import schema from './profile.schema.json';
import { rowKey, type Profile } from './types';

export const PROFILES_DIR = path.resolve(__dirname, '../../config/profiles');

export class ProfileError extends Error {}

/** Problems listed for an invalid profile; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 20;
const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

const AJV_OPTIONS = { allErrors: true };

/** ajv's standalone code for the schema, written by scripts/build.js (npm ci); optional. */
export const PRECOMPILED_VALIDATOR = path.resolve(__dirname, '../../node_modules/.cache/sse-conformance/profile-validator.js');

/** What a precompiled validator must have been built from (scripts/build.js computes it the same way). */
export function validatorKey(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a version, read at run time
  const ajv = (require('ajv/package.json') as { version: string }).version;
  return createHash('sha256').update(JSON.stringify({ schema, options: AJV_OPTIONS, ajv })).digest('hex');
}

/** The precompiled validator in `file` when it was built from this schema, these options and this ajv; else undefined. */
export function precompiledValidator(file: string): ValidateFunction<Profile> | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a generated module, present or not
    const v = require(file) as ValidateFunction<Profile> & { key?: string };
    return typeof v === 'function' && v.key === validatorKey() ? v : undefined;
  } catch {
    return undefined;
  }
}

let compiled: ValidateFunction<Profile> | undefined;

/** Compiling the schema costs ~0.2 s per start (and loading ajv ~0.1 s): the precompiled one when it matches. */
function validate(data: unknown): data is Profile {
  compiled ??=
    precompiledValidator(PRECOMPILED_VALIDATOR) ??
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when there is no precompiled validator
    new (require('ajv') as typeof import('ajv')).default(AJV_OPTIONS).compile<Profile>(schema);
  return compiled(data);
}

/** A profile name (`obs`) resolves under config/profiles/; anything with a slash or .json is a path. */
export function resolveProfilePath(nameOrPath: string): string {
  if (/[\\/]/.test(nameOrPath) || nameOrPath.endsWith('.json')) return path.resolve(nameOrPath);
  return path.join(PROFILES_DIR, `${nameOrPath}.json`);
}

export function loadProfile(nameOrPath: string): Profile {
  const file = resolveProfilePath(nameOrPath);
  let text: string;
  try {
    // A device or FIFO (/dev/zero) would never end, a huge file would fill memory: a regular file, bounded.
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new ProfileError(`profile ${file}: is a folder, not a JSON file`);
    if (!st.isFile()) throw new ProfileError(`profile ${file}: is not a regular file`);
    if (st.size > MAX_PROFILE_BYTES) throw new ProfileError(`profile ${file}: larger than ${MAX_PROFILE_BYTES} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    const known = fs.existsSync(PROFILES_DIR)
      ? fs.readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5))
      : [];
    throw new ProfileError(`profile ${file}: cannot read it (known profile names: ${known.join(', ')})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`profile ${file}: not valid JSON: ${(e as Error).message}`);
  }
  return parseProfile(data, file);
}

export function parseProfile(data: unknown, file = '<profile>'): Profile {
  if (!validate(data)) {
    const lines = explain(data, compiled?.errors ?? []);
    // A generated profile can be wrong thousands of times over: the first few say what to fix.
    const shown = lines.slice(0, MAX_PROBLEMS_SHOWN);
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more (${lines.length} problems in all)`);
    throw new ProfileError(`profile ${file} is invalid:\n  ${shown.join('\n  ')}`);
  }
  const seen = new Set<string>();
  const tables = new Set<string>();
  for (const table of data.tables) {
    if (tables.has(table.id)) throw new ProfileError(`profile ${file}: table ${table.id} appears twice`);
    tables.add(table.id);
    table.rows.forEach((row, i) => {
      const key = `${table.id}/${rowKey(row)}`;
      if (seen.has(key)) throw new ProfileError(`profile ${file}: table ${table.id} row ${i + 1} (${rowKey(row)}) repeats an earlier row`);
      seen.add(key);
    });
  }
  return data;
}

/** Turns ajv's JSON pointers into "table sse-c row 3 (put-objekt): ..." so a user can find the line. */
function explain(data: unknown, errors: ErrorObject[]): string[] {
  // if/then produce a generic "must match then schema" error beside the specific one; drop it.
  const useful = errors.filter((e) => e.keyword !== 'if');
  const out = new Set<string>();
  for (const e of useful) out.add(`${where(data, e.instancePath)}: ${what(e)}`);
  return [...out];
}

function where(data: unknown, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (parts[0] !== 'tables' || parts.length < 2) return pointer || '(top level)';
  const tables = (data as { tables: { id?: string; rows?: Record<string, unknown>[] }[] }).tables;
  const t = tables[Number(parts[1])];
  let s = `table ${t?.id ?? `#${Number(parts[1]) + 1}`}`;
  if (parts[2] === 'rows' && parts[3] !== undefined) {
    const row = t?.rows?.[Number(parts[3])] ?? {};
    const label = row.interface ?? (row.source || row.target ? `${row.source}-to-${row.target}` : undefined);
    s += ` row ${Number(parts[3]) + 1}${label ? ` (${String(label)})` : ''}`;
    if (parts.length > 4) s += ` field "${parts.slice(4).join('.')}"`;
  } else if (parts.length > 2) {
    s += ` field "${parts.slice(2).join('.')}"`;
  }
  return s;
}

function what(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing field "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return e.message ?? e.keyword;
  }
}
