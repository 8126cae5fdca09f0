// Quoting for the commands `repro` prints: what a person pastes into bash must mean exactly the
// bytes it stands for, and a value read from the environment is expanded by the shell, never written.

/** A literal, single-quoted (nothing inside is expanded: $, `, !, \ stay as they are). */
export function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A word left bare when it is made of characters no shell reads specially, else single-quoted. */
export function word(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : sq(s);
}

/** A part of an argument: literal text, or the value of an environment variable. */
export type Part = string | { env: string };

/**
 * One argument made of literal text and variables. Double-quoted when the literal text needs no
 * escaping there (`"x-amz-…-key: $SSE_CUSTOMER_KEY"`); otherwise single-quoted literals and
 * double-quoted variables side by side, which the shell joins into one word.
 */
export function arg(parts: Part[]): string {
  const envs = parts.filter((p): p is { env: string } => typeof p !== 'string');
  if (envs.length === 0) return sq(parts.join(''));
  const plain = parts.every((p, i) => {
    if (typeof p !== 'string') return true;
    // A variable followed by a word character would take it into its name.
    const afterVar = i > 0 && typeof parts[i - 1] !== 'string' && /^[A-Za-z0-9_]/.test(p);
    return !/[\\"$`!]/.test(p) && !afterVar;
  });
  if (plain) return `"${parts.map((p) => (typeof p === 'string' ? p : `$${p.env}`)).join('')}"`;
  return parts.map((p) => (typeof p === 'string' ? (p ? sq(p) : '') : `"$${p.env}"`)).join('');
}

/** Splits a text at every occurrence of the given values, each becoming its variable. */
export function partsOf(text: string, fromEnv: readonly { value: string; env: string }[]): Part[] {
  let parts: Part[] = [text];
  for (const { value, env } of fromEnv) {
    if (!value) continue;
    parts = parts.flatMap((p) => {
      if (typeof p !== 'string' || !p.includes(value)) return [p];
      const pieces = p.split(value);
      return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [{ env }, piece])).filter((x) => x !== '');
    });
  }
  return parts;
}
