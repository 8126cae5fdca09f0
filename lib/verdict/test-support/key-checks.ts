// What the catalogue's key behaviours (lib/verdict/dishonest/behaviours/*-key-*.ts) assert: the
// cells a key left unchecked touches fail as a downgrade, for that reason; every other cell of the
// slice still passes (the judge blames the key check that failed, nothing else).
import type { CaseResult } from '../types';

export function onlyTheseFail(results: CaseResult[], touches: (r: CaseResult) => boolean, reason: string): { touched: number } {
  const touched = results.filter(touches);
  for (const r of touched) {
    expect({ id: r.id, verdict: r.verdict, severity: r.severity, reason: r.reason }).toEqual({ id: r.id, verdict: 'fail', severity: 'downgrade', reason: expect.stringContaining(reason) });
  }
  for (const r of results.filter((x) => !touched.includes(x))) expect({ id: r.id, verdict: r.verdict, reason: r.reason }).toEqual({ id: r.id, verdict: 'pass', reason: r.reason });
  return { touched: touched.length };
}

/** The cells that read, write or copy an SSE-C object (68 of obs.json's 128). */
export const involvesSseC = (c: { source: string | null; target: string }): boolean => c.source === 'sse-c' || c.target === 'sse-c';
