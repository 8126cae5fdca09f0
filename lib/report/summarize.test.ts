import { makeFixtureResults } from './fixture';
import { overallVerdict, summarize } from './summarize';

test('summarize counts each verdict', () => {
  expect(summarize(makeFixtureResults().cases)).toEqual({ total: 128, pass: 120, fail: 4, error: 2, skipped: 2 });
  expect(summarize([])).toEqual({ total: 0, pass: 0, fail: 0, error: 0, skipped: 0 });
});

test.each([
  [{ total: 3, pass: 1, fail: 1, error: 1, skipped: 0 }, undefined, 'NON-CONFORMANT'],
  [{ total: 2, pass: 1, fail: 0, error: 1, skipped: 0 }, undefined, 'COULD NOT JUDGE'],
  [{ total: 2, pass: 2, fail: 0, error: 0, skipped: 0 }, true, 'COULD NOT JUDGE'],
  [{ total: 2, pass: 0, fail: 0, error: 0, skipped: 2 }, undefined, 'COULD NOT JUDGE'],
  [{ total: 0, pass: 0, fail: 0, error: 0, skipped: 0 }, undefined, 'COULD NOT JUDGE'],
  [{ total: 3, pass: 2, fail: 0, error: 0, skipped: 1 }, undefined, 'CONFORMANT'],
  [{ total: 3, pass: 2, fail: 1, error: 0, skipped: 0 }, true, 'NON-CONFORMANT'],
] as const)('overallVerdict(%o, interrupted=%s) is %s', (summary, interrupted, expected) => {
  expect(overallVerdict({ summary, interrupted })).toBe(expected);
});
