// Keys to delete or abort come from the endpoint's own listings, so they are hostile input: a key
// `<prefix>../../victim` passes a startsWith check and, on an endpoint that normalises dot segments
// (or treats a backslash as a separator, or folds Unicode), deletes outside the prefix. The harness
// only ever writes plain keys under its prefix, so anything else is refused rather than interpreted.

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
// C0, DEL, C1, and the Unicode line/paragraph separators.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
/* eslint-enable no-control-regex */

/** Why a listed key must not be touched by a cleanup of `prefix`, or null when it is safe. */
export function unsafeKeyReason(key: string, prefix: string): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'empty key';
  if (CONTROL.test(key)) return 'control character';
  if (key.length > 1024) return 'longer than 1024 characters';
  // The key as an endpoint that folds compatibility characters (fullwidth dots and slashes) may read it.
  const folded = key.normalize('NFKC');
  if (!key.startsWith(prefix) || !folded.startsWith(prefix)) return 'outside the prefix';
  const rest = folded.slice(prefix.length);
  if (rest.length === 0) return 'the prefix itself';
  for (const segment of rest.split(/[/\\]/)) {
    if (segment === '') return 'empty segment';
    if (segment === '.' || segment === '..') return 'dot segment';
  }
  return null;
}

/** A prefix safe to clean: non-empty plain segments, ending in '/'. */
export function isSafePrefix(prefix: string): boolean {
  if (!prefix.endsWith('/') || prefix.length < 3) return false;
  return unsafeKeyReason(`${prefix}x`, prefix) === null && prefix.slice(0, -1).split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\'));
}

/** The items whose key is safe; the others are counted into `skipped` (their keys, for a message). */
export function safeOnly<T>(items: T[], keyOf: (t: T) => string, prefix: string, skipped: string[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (unsafeKeyReason(keyOf(item), prefix) === null) out.push(item);
    else skipped.push(keyOf(item));
  }
  return out;
}
