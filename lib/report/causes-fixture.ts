// Test support (not a test): the 128-cell fixture with a cause on each non-passing cell, as the
// judge records them, and `causes` grouped as a run writes them into results.json.
import { groupCauses, type CellCause } from '../verdict/causes';
import type { RunResults } from '../verdict/types';
import { makeFixtureResults } from './fixture';

/** The fixture's non-passing cells and the cause the judge would give each. */
export const FIXTURE_CAUSES: Record<string, CellCause> = {
  'sse-c/put-object/http-v2': { id: 'accepted-forbidden-transport', answer: '200 OK' },
  'sse-kms/get-object/https-v2': { id: 'accepted-forbidden-auth', answer: '200 OK' },
  'copy/plain-to-sse-kms/https-v4': { id: 'wrong-encryption', answer: '200 OK' },
  'upload-part-copy/plain-to-sse-kms/http-v2': { id: 'refused-allowed', answer: '403 Forbidden AccessDenied' },
  'sse-kms/head-object/http-v4': { id: 'busy', answer: '503 Service Unavailable SlowDown' },
  'copy/sse-c-to-sse-c/https-v4': { id: 'no-answer', answer: 'no answer (reset: read ECONNRESET)' },
};

/** The fixture with causes; `withGroups: false` leaves `causes` out (a results.json written before it existed). */
export function makeCausesFixture(opts: { withGroups?: boolean } = {}): RunResults {
  const r = makeFixtureResults();
  for (const c of r.cases) {
    const cause = FIXTURE_CAUSES[c.id];
    if (cause) c.cause = { ...cause };
  }
  if (opts.withGroups !== false) r.causes = groupCauses(r.cases);
  return r;
}

/** Sets a cell's verdict, severity, observed answer and cause (and regroups the causes). */
export function failCell(r: RunResults, id: string, p: { verdict?: 'fail' | 'error'; severity?: 'exposure' | 'downgrade' | 'interop'; status: number; code?: string; cause: CellCause }): void {
  const c = r.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id} in the fixture`);
  c.verdict = p.verdict ?? 'fail';
  if (p.severity) c.severity = p.severity;
  else delete c.severity;
  c.observed = { status: p.status, ...(p.code ? { code: p.code } : {}) };
  c.cause = p.cause;
  if (r.causes) r.causes = groupCauses(r.cases);
}
