// Every listing the run makes of its own prefix is a witness too: the prefix may hold only what the
// harness put there. Each cell registers its folder and the keys it names in it (the request under
// test's, its control's); the run registers what it keeps at the prefix root (source fixtures, the
// at-rest calibration object). Whatever a listing shows besides is a stranger: attributed to the
// cell whose folder holds it (a write behind a refusal, or beside an acceptance, that no request
// asked for), or, outside every cell's folder, reported for the run. Never ignored.
import type { EngineContext } from './context';

/** What the run knows it wrote: each cell's folder with its keys, and the keys at the prefix root. */
export interface Accounts {
  /** Folder (ends with '/') -> the cell judged in it, and the keys the harness named there. */
  cells: Map<string, { id: string; keys: Set<string> }>;
  /** Keys the run wrote directly under its prefix. */
  root: Set<string>;
  /** Folder -> what was found in it that the harness never wrote (descriptions, bounded). */
  strangers: Map<string, Set<string>>;
  /** Things under the prefix outside every cell's folder that the harness never wrote. */
  unattributed: Set<string>;
}

/** At most this many strangers are kept per cell and for the run (memory bounded; the count is what matters). */
const MAX_KEPT = 20;

export function newAccounts(): Accounts {
  return { cells: new Map(), root: new Set(), strangers: new Map(), unattributed: new Set() };
}

/** A cell's folder and the keys it names there (its request under test's, its control's), as they are made. */
export function registerCellKey(ctx: Pick<EngineContext, 'accounts'>, id: string, folder: string, key: string): void {
  const cell = ctx.accounts.cells.get(folder) ?? { id, keys: new Set<string>() };
  cell.keys.add(key);
  ctx.accounts.cells.set(folder, cell);
}

/**
 * A key the trusted path writes (an object or an upload): the cell's whose folder holds it, or the
 * run's own at the prefix root (a fixture).
 */
export function registerWritten(ctx: Pick<EngineContext, 'accounts' | 'prefix'>, key: string): void {
  const folder = folderOf(ctx.prefix, key);
  if (!folder) ctx.accounts.root.add(key);
  else ctx.accounts.cells.get(folder)?.keys.add(key);
}

/** The cell folder a key under the prefix is in, or null (a key at the root, or outside the prefix). */
export function folderOf(prefix: string, key: string): string | null {
  if (!key.startsWith(prefix)) return null;
  const slash = key.indexOf('/', prefix.length);
  return slash < 0 ? null : key.slice(0, slash + 1);
}

/** A key the endpoint chose, as a reason quotes it: below the prefix, redacted, then cut, JSON-escaped. */
function quoteKey(ctx: Pick<EngineContext, 'prefix' | 'redactor'>, key: string): string {
  const name = key.startsWith(ctx.prefix) ? key.slice(ctx.prefix.length) : key;
  const { text, truncated } = ctx.redactor.excerpt(name, 80);
  return `key ${JSON.stringify(text)}${truncated ? ` cut, ${name.length} characters` : ''}`;
}

function keep(set: Set<string>, what: string): void {
  if (set.size < MAX_KEPT || set.has(what)) set.add(what);
}

/**
 * Accounts for one listing of (part of) the run's prefix: objects by key, uploads by key. Returns
 * what it found that the harness never wrote, by folder (null: outside every cell's folder).
 */
export function account(ctx: Pick<EngineContext, 'accounts' | 'prefix' | 'redactor'>, objects: readonly string[], uploads: readonly { key: string }[]): Map<string | null, string[]> {
  const found = new Map<string | null, string[]>();
  const note = (key: string, kind: 'object' | 'upload') => {
    const folder = folderOf(ctx.prefix, key);
    const cell = folder ? ctx.accounts.cells.get(folder) : undefined;
    if (cell?.keys.has(key) || (!folder && ctx.accounts.root.has(key))) return;
    // Keys the harness never made: quoted by their place only (the endpoint chose the name).
    const what = `${kind === 'object' ? 'an object' : 'a multipart upload'} the harness never wrote (${quoteKey(ctx, key)})`;
    const at = cell ? folder : null;
    found.set(at, [...(found.get(at) ?? []), what]);
    if (cell) {
      const set = ctx.accounts.strangers.get(folder!) ?? new Set<string>();
      keep(set, what);
      ctx.accounts.strangers.set(folder!, set);
    } else if (key.startsWith(ctx.prefix)) keep(ctx.accounts.unattributed, what);
  };
  for (const k of objects) note(k, 'object');
  for (const u of uploads) note(u.key, 'upload');
  return found;
}
