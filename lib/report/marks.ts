// Words for what a cell carries beside its verdict: its standing against the run's baseline
// (`--expect`), what the at-rest probe found (`--at-rest`), and its earlier tries (`--retries`).
// Every report draws them from here. Values outside the known sets print as nothing.
import type { AtRestFinding, AtRestRun, BaselineMark, CaseResult, RunResults } from '../verdict/types';
import { AT_REST_FINDINGS, BASELINE_MARKS, oneOf } from './enums';

export const BASELINE_TEXT: Record<BaselineMark, string> = {
  known: 'known: listed in the baseline with this verdict',
  regression: 'regression: does not pass, and the baseline does not list it so',
  fixed: 'fixed: listed in the baseline, passes now (remove it from the baseline)',
};

export const AT_REST_TEXT: Record<AtRestFinding, string> = {
  verified: 'verified at rest: the stored bytes hold no 32-byte window of the plaintext',
  plaintext: 'stored in plaintext at rest',
  'not-found': 'the at-rest probe found nothing (inconclusive)',
  'not-probed': 'not probed at rest',
};

/** Short tags for a matrix cell. */
export const BASELINE_TAG: Record<BaselineMark, string> = { known: 'known', regression: 'regression', fixed: 'fixed' };
export const AT_REST_TAG: Partial<Record<AtRestFinding, string>> = { verified: 'at rest ✓', plaintext: 'plaintext at rest', 'not-found': 'at rest ?' };

export function baselineMarkOf(c: Pick<CaseResult, 'baseline'>): BaselineMark | undefined {
  const m = oneOf(c.baseline, BASELINE_MARKS, '');
  return m ? (m as BaselineMark) : undefined;
}

export function atRestOf(c: Pick<CaseResult, 'atRest'>): AtRestFinding | undefined {
  const m = oneOf(c.atRest, AT_REST_FINDINGS, '');
  return m ? (m as AtRestFinding) : undefined;
}

/** "judged on try 3 of 3: earlier tries: 503 SlowDown, no answer" or undefined. */
export function attemptsText(c: Pick<CaseResult, 'attempts'>): string | undefined {
  const earlier = Array.isArray(c.attempts) ? c.attempts : [];
  if (!earlier.length) return undefined;
  const answers = earlier.map((a) => (a.observed?.status ? `${a.observed.status}${a.observed.code ? ` ${a.observed.code}` : ''}` : 'no answer'));
  return `judged on try ${earlier.length + 1}; earlier tries (ERROR each): ${answers.join(', ')}`;
}

/** The run's at-rest line: whether the stored bytes were looked at, and how it went. */
export function atRestRunText(run: Pick<RunResults, 'atRest'>): string {
  const a: AtRestRun | undefined = run.atRest;
  if (!a) return 'not probed: verdicts are verified through the S3 API only';
  if (!a.ok) return `probe ${a.probe} declared broken${a.problem ? `: ${a.problem}` : ''}; at-rest verdicts are ERROR`;
  return `probed with ${a.probe}: ${a.objects} stored object${a.objects === 1 ? '' : 's'} read raw`;
}

export function baselineRunText(run: Pick<RunResults, 'baseline'>): string | undefined {
  const b = run.baseline;
  if (!b) return undefined;
  const ok = b.regressions === 0 && b.fixed === 0;
  return `${b.known} known, ${b.regressions} regression${b.regressions === 1 ? '' : 's'}, ${b.fixed} fixed${ok ? ' (as expected)' : ''}`;
}
