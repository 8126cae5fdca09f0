// The check most catalogue entries make (jest's expect): every cell the misbehaviour touched is
// FAIL exposure for the reason given; the count goes back to the runner.
import type { CaseResult } from '../types';

export function expectExposures(touched: CaseResult[], reason: string | RegExp): { touched: number } {
  for (const r of touched) {
    expect({ id: r.id, verdict: r.verdict, severity: r.severity, reason: r.reason }).toEqual({
      id: r.id,
      verdict: 'fail',
      severity: 'exposure',
      reason: typeof reason === 'string' ? expect.stringContaining(reason) : expect.stringMatching(reason),
    });
  }
  return { touched: touched.length };
}
