import { exitCodeFor } from './exit-code';
import { cleanupWarning } from './cleanup-warning';
import type { CleanupOutcome, RunResults } from '../verdict/types';

const summary = (o: Partial<RunResults['summary']>): RunResults['summary'] => ({ total: 4, pass: 4, fail: 0, error: 0, skipped: 0, ...o });
const left: CleanupOutcome = { ok: false, prefix: 'sse-conformance-runs/20261124T053850Z-fjx82k/', left: 3, skipped: 1, failures: ['delete objects: 500 InternalError'] };
const clean: CleanupOutcome = { ok: true, prefix: left.prefix, left: 0, skipped: 0, failures: [] };

test('a cleanup that left things behind is exit 2 for an otherwise conformant run', () => {
  expect(exitCodeFor({ summary: summary({}), cleanup: clean })).toBe(0);
  expect(exitCodeFor({ summary: summary({}), cleanup: left })).toBe(2);
  expect(exitCodeFor({ summary: summary({}) })).toBe(0);
});

test('a run that already failed keeps exit 1 (the warning is printed), an interrupted one its signal code', () => {
  expect(exitCodeFor({ summary: summary({ pass: 0, fail: 4 }), cleanup: left })).toBe(1);
  expect(exitCodeFor({ summary: summary({ pass: 0, error: 4 }), cleanup: left })).toBe(2);
  expect(exitCodeFor({ summary: summary({}), cleanup: left, interrupted: true })).toBe(130);
});

test('the warning says how much is left, where, what failed, what was refused, and the command that deletes it', () => {
  const text = cleanupWarning(left, '20261124T053850Z-fjx82k', { envFile: 'my env/.env', insecure: true });
  expect(text.split('\n')).toEqual([
    'warning: cleanup did not finish: 3 objects or uploads left under sse-conformance-runs/20261124T053850Z-fjx82k/',
    '  failed: delete objects: 500 InternalError',
    '  1 listed key was refused (dot or empty segments, control characters or another prefix) and not deleted',
    "  delete them with: npx sse-conformance cleanup --run 20261124T053850Z-fjx82k --env-file 'my env/.env' --insecure",
  ]);
});
