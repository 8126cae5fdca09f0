import type { CaseResult } from './types';

/** The h2spec-style failure text: what the rule says, what was expected, what happened. */
export function failureMessage(r: CaseResult): string {
  const verdict = r.verdict === 'fail' ? `FAIL (${r.severity ?? 'unknown'})` : r.verdict.toUpperCase();
  const actual = r.observed.status === 0 ? 'no answer' : `${r.observed.status}${r.observed.code ? ` ${r.observed.code}` : ''}`;
  return [
    `${r.id}: ${verdict}`,
    `Requirement: ${r.requirement}`,
    `Expected: ${r.expected === 'accept' ? 'accepted' : 'rejected'}`,
    `Actual: ${actual}`,
    `Reason: ${r.reason}`,
    ...(r.notes ?? []).map((n) => `Note: ${n}`),
  ].join('\n');
}
