// The closed sets of values a results.json may hold (lib/verdict/types.ts, lib/profile/types.ts),
// as runtime lists: the results schema is checked against them, and the HTML report derives class
// names from them only, so a value outside them can never reach markup unescaped.
import type { AtRestFinding, BaselineMark, Severity, Verdict } from '../verdict/types';

export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'error', 'skipped'];
export const SEVERITIES: readonly Severity[] = ['exposure', 'downgrade', 'interop'];
export const EXPECTATIONS = ['accept', 'reject'] as const;

/** value when it is one of allowed, otherwise fallback (for class names and lookups). */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: string): string {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? value : fallback;
}
export const BASELINE_MARKS: readonly BaselineMark[] = ['known', 'regression', 'fixed'];
export const AT_REST_FINDINGS: readonly AtRestFinding[] = ['verified', 'plaintext', 'not-found', 'not-probed'];
