import pLimit from 'p-limit';
import { Redactor } from '../redact/redact';
import type { WitnessReport } from '../verdict/rules';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { caseIdentity } from '../verdict/case-identity';
import type { CaseResult, Exchange } from '../verdict/types';
import { record, withCaseScope, type CaseScope } from './case-scope';
import type { EngineContext, RefusedCell } from './context';
import { sweepLateWrites } from './sweep';

// The late-write sweep over a cell judged more than once (`--retries`): what an earlier try left
// behind is an exposure too; only the last try's witnesses decide whether an absence is shown.

const ID = 'sse-kms/put-object/http-v4';
const exchange = (step: string, status = 404): Exchange => ({ step, request: { method: 'HEAD', url: 'https://127.0.0.1/b/k', headers: {} }, response: { status, headers: {} }, durationMs: 1 });

function scopeWith(...steps: string[]): CaseScope {
  return { requests: steps.length, evidence: steps.map((s) => exchange(s, 400)) };
}

/** A refused try whose final look records one HEAD and reports `seen`. */
function refused(scope: CaseScope, seen: WitnessReport): RefusedCell {
  return {
    id: ID,
    folder: 'run/cell/',
    scope,
    at: performance.now(),
    look: () =>
      withCaseScope(scope, async () => {
        record(exchange('trusted'));
        return seen;
      }),
  };
}

function result(over: Partial<CaseResult>): CaseResult {
  return {
    ...caseIdentity(expandProfile(loadProfile('obs')).find((c) => c.id === ID)!),
    verdict: 'pass',
    observed: { status: 400 },
    reason: 'refused (400 Bad Request InvalidRequest); nothing stored; the unencrypted control was accepted',
    durationMs: 5,
    requests: 0,
    evidence: [],
    ...over,
  };
}

async function sweep(refusedCells: RefusedCell[], r: CaseResult, tryOf: Map<CaseScope, number>): Promise<CaseResult> {
  const ctx = { refused: refusedCells, redactor: new Redactor(), prefix: 'sse-conformance-runs/x/y/' } as unknown as EngineContext;
  const byId = new Map([[ID, r]]);
  await sweepLateWrites(ctx, byId, 0, pLimit(4), tryOf);
  return byId.get(ID)!;
}

const earlierTry = { verdict: 'error' as const, observed: { status: 503, code: 'SlowDown' }, reason: 'endpoint error 503 Slow Down SlowDown', durationMs: 3, backoffMs: 120 };

test('a late write behind an earlier try (it ended in ERROR) makes the cell FAIL exposure, though the last try passed', async () => {
  const first = scopeWith('act');
  const last = scopeWith('act', 'control');
  const r = result({ attempts: [earlierTry], requests: 3, evidence: [{ ...first.evidence[0]!, step: 'attempt 1: act' }, ...last.evidence] });
  const out = await sweep(
    [refused(first, { present: 'refused, but the object was stored (seen only in a listing)' }), refused(last, { present: null })],
    r,
    new Map([
      [first, 1],
      [last, 2],
    ]),
  );
  expect(out.verdict).toBe('fail');
  expect(out.severity).toBe('exposure');
  expect(out.reason).toMatch(/^an earlier try \(attempt 1 of 2\): refused, but the object was stored \(seen only in a listing\): a late write, seen at the final re-check /);
  // The re-check of the earlier try is in the evidence, marked with its try; the last try's is not looked at once the cell fails.
  expect(out.evidence.map((e) => e.step)).toEqual(['attempt 1: act', 'act', 'control', 'attempt 1: trusted']);
  expect(out.requests).toBe(4);
  expect(out.attempts).toEqual([earlierTry]);
});

test('an earlier try whose witness is blind does not make the passing last try inconclusive; both re-checks are recorded', async () => {
  const first = scopeWith('act');
  const last = scopeWith('act', 'control');
  const r = result({ attempts: [earlierTry], requests: 3, evidence: [{ ...first.evidence[0]!, step: 'attempt 1: act' }, ...last.evidence] });
  const out = await sweep(
    [refused(first, { present: null, blind: 'a listing does not show the control' }), refused(last, { present: null })],
    r,
    new Map([
      [first, 1],
      [last, 2],
    ]),
  );
  expect(out.verdict).toBe('pass');
  expect(out.reason).toBe(r.reason);
  expect(out.evidence.map((e) => e.step)).toEqual(['attempt 1: act', 'act', 'control', 'attempt 1: trusted', 'trusted']);
  expect(out.requests).toBe(5);
});

test('the last try: a blind witness makes a PASS inconclusive, as without retries', async () => {
  const first = scopeWith('act');
  const last = scopeWith('act', 'control');
  const r = result({ attempts: [earlierTry], requests: 3, evidence: [{ ...first.evidence[0]!, step: 'attempt 1: act' }, ...last.evidence] });
  const out = await sweep([refused(first, { present: null }), refused(last, { present: null, blind: 'a listing does not show the control' })], r, new Map([[first, 1], [last, 2]]));
  expect(out.verdict).toBe('error');
  expect(out.reason).toMatch(/^inconclusive: at the final re-check, nothing stored cannot be shown/);
});

test('tried once (the result shares its evidence with the scope): the re-check is appended once, not twice', async () => {
  const only = scopeWith('act', 'control');
  const r = result({ requests: only.requests, evidence: only.evidence });
  const out = await sweep([refused(only, { present: 'refused, but the object was stored' })], r, new Map());
  expect(out.evidence.map((e) => e.step)).toEqual(['act', 'control', 'trusted']);
  expect(out.requests).toBe(3);
  expect(out.reason).toMatch(/^refused, but the object was stored: a late write/);
});
