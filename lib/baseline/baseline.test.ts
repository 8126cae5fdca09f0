import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeFor } from '../cli/exit-code';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { summarize } from '../report/summarize';
import type { CaseResult, RunResults } from '../verdict/types';
import { BaselineError, loadBaseline, parseBaseline, type Baseline } from './baseline';
import { differences, markBaseline } from './mark';
import { baselineLines, renderDifferences } from './render';
import { baselineOf, writeBaseline } from './write';

const cases = expandProfile(loadProfile('obs'));

function result(id: string, verdict: CaseResult['verdict'], extra: Partial<CaseResult> = {}): CaseResult {
  return { id, verdict, observed: { status: 200 }, reason: `reason of ${id}`, evidence: [], ...extra } as unknown as CaseResult;
}
const allPass = (): CaseResult[] => cases.map((c) => result(c.id, 'pass'));
const withCell = (rs: CaseResult[], r: CaseResult) => rs.map((x) => (x.id === r.id ? r : x));
const problemsOf = (text: string): string => {
  try {
    parseBaseline(text, cases, 'x.json');
  } catch (e) {
    expect(e).toBeInstanceOf(BaselineError);
    return (e as Error).message;
  }
  return '';
};

describe('parseBaseline: the schema (lib/baseline/baseline.schema.json) and the matrix', () => {
  test('the checked-in radosgw baseline is valid against the matrix', () => {
    const exp = loadBaseline(path.join(__dirname, '../../config/peers/radosgw.expected.json'), cases);
    expect(Object.keys(exp.cells).length).toBeGreaterThan(0);
    for (const e of Object.values(exp.cells)) expect(e.because).not.toMatch(/TODO/);
  });

  test('names every problem, each with its cell', () => {
    const msg = problemsOf(
      JSON.stringify({
        cells: {
          'no/such/cell': { verdict: 'fail', severity: 'interop', because: 'a long enough reason' },
          'sse-c/put-object/http-v2': { verdict: 'fail', because: 'no severity given here' },
          'sse-c/put-object/http-v4': { verdict: 'error', severity: 'interop', because: 'an error with a severity' },
          'sse-c/put-object/https-v2': { verdict: 'pass', because: 'passing cells are not listed' },
          'sse-c/put-object/https-v4': { verdict: 'fail', severity: 'exposure', because: 'short' },
          'sse-c/get-object/https-v4': { verdict: 'fail', severity: 'exposure', because: 'a long enough reason', severty: 'x' },
          'sse-c/get-object/https-v2': { verdict: 'error', observed: { status: '501' }, because: 'a long enough reason' },
        },
      }),
    );
    expect(msg).toMatch(/^x\.json:\n/);
    expect(msg).toContain('cells["sse-c/put-object/http-v2"]: a "fail" needs a severity');
    expect(msg).toContain('cells["sse-c/put-object/http-v4"]: an "error" has no severity');
    expect(msg).toContain('cells["sse-c/put-object/https-v2"].verdict: must be one of "fail", "error" (a passing cell is simply not listed)');
    expect(msg).toContain('cells["sse-c/put-object/https-v4"].because: explain the endpoint\'s behaviour in words');
    expect(msg).toContain('cells["sse-c/get-object/https-v4"]: unknown key "severty"');
    expect(msg).toContain('cells["sse-c/get-object/https-v2"].observed.status: must be integer');
  });

  test('an id of the right shape that the matrix does not have is named', () => {
    expect(problemsOf(JSON.stringify({ cells: { 'sse-c/put-objekt/http-v2': { verdict: 'error', because: 'a long enough reason' } } }))).toContain(
      'cells["sse-c/put-objekt/http-v2"]: no such case in the matrix',
    );
  });

  test('not JSON, not an object, unknown top-level keys, an unreadable file', () => {
    expect(problemsOf('{')).toMatch(/^x\.json: not JSON/);
    expect(problemsOf('[]')).toContain('(top level): must be object');
    expect(problemsOf('{"cells":{},"cels":{}}')).toContain('unknown key "cels"');
    expect(() => loadBaseline('/nonexistent/b.json', cases)).toThrow('/nonexistent/b.json: cannot be read (ENOENT)');
  });
});

describe('markBaseline and differences', () => {
  const exp: Baseline = {
    cells: {
      'copy/plain-to-sse-c/https-v4': { verdict: 'fail', severity: 'downgrade', observed: { status: 200 }, because: 'ignores SSE-C on a copy destination' },
      'copy/sse-c-to-plain/https-v4': { verdict: 'error', observed: { status: 501, code: 'NotImplemented' }, because: 'refuses to copy encrypted objects' },
    },
  };
  const matching = () =>
    withCell(
      withCell(allPass(), result('copy/plain-to-sse-c/https-v4', 'fail', { severity: 'downgrade' })),
      result('copy/sse-c-to-plain/https-v4', 'error', { observed: { status: 501, code: 'NotImplemented' } }),
    );

  test('an exact match: every cell that does not pass is known, nothing differs', () => {
    const rs = matching();
    expect(markBaseline(rs, exp, 'b.json')).toEqual({ file: 'b.json', known: 2, regressions: 0, fixed: 0 });
    expect(rs.filter((r) => r.baseline).map((r) => [r.id, r.baseline])).toEqual([
      ['copy/plain-to-sse-c/https-v4', 'known'],
      ['copy/sse-c-to-plain/https-v4', 'known'],
    ]);
    expect(differences(rs, exp)).toEqual([]);
  });

  test('a new failure, a changed severity and answer, and a fixed cell: marked, counted, and each a difference', () => {
    let rs = matching();
    rs = withCell(rs, result('sse-c/put-object/http-v2', 'fail', { severity: 'exposure' }));
    rs = withCell(rs, result('copy/plain-to-sse-c/https-v4', 'fail', { severity: 'interop', observed: { status: 400, code: 'InvalidRequest' } }));
    rs = withCell(rs, result('copy/sse-c-to-plain/https-v4', 'pass'));
    expect(markBaseline(rs, exp, 'b.json')).toEqual({ file: 'b.json', known: 0, regressions: 2, fixed: 1 });
    expect(differences(rs, exp).map((d) => [d.id, d.kind])).toEqual([
      ['copy/plain-to-sse-c/https-v4', 'changed'],
      ['copy/sse-c-to-plain/https-v4', 'gone'],
      ['sse-c/put-object/http-v2', 'new'],
    ]);
    const text = renderDifferences(differences(rs, exp));
    expect(text).toContain('- copy/plain-to-sse-c/https-v4: FAIL (downgrade) [200]');
    expect(text).toContain('+ copy/plain-to-sse-c/https-v4: FAIL (interop) [400 InvalidRequest]');
    expect(text).toContain('+ sse-c/put-object/http-v2: FAIL (exposure) [200]   (new: not in the expectation)');
    expect(baselineLines(rs, exp, 'b.json')).toEqual([
      'REGRESSION sse-c/put-object/http-v2: FAIL (exposure) [200], not in the baseline: reason of sse-c/put-object/http-v2',
      'REGRESSION copy/plain-to-sse-c/https-v4: FAIL (interop) [400 InvalidRequest], the baseline says FAIL (downgrade) [200]: reason of copy/plain-to-sse-c/https-v4',
      'FIXED copy/sse-c-to-plain/https-v4: passes now; remove "copy/sse-c-to-plain/https-v4" from b.json',
    ]);
  });

  test('an error with another answer than the one listed is a regression', () => {
    const rs = withCell(matching(), result('copy/sse-c-to-plain/https-v4', 'error', { observed: { status: 503, code: 'SlowDown' } }));
    expect(markBaseline(rs, exp, 'b.json').regressions).toBe(1);
  });

  test('cells outside the run (a shard, a filter) are not looked at; a complete-run check still sees them missing', () => {
    const shard = matching().filter((r) => r.id.startsWith('sse-c/'));
    expect(markBaseline(shard, exp, 'b.json')).toEqual({ file: 'b.json', known: 0, regressions: 0, fixed: 0 });
    expect(differences(shard, exp).map((d) => [d.id, d.kind])).toEqual([
      ['copy/plain-to-sse-c/https-v4', 'gone'],
      ['copy/sse-c-to-plain/https-v4', 'gone'],
    ]);
  });

  test('what was found at rest is compared when the run looked, and only then', () => {
    const b: Baseline = { cells: { 'copy/plain-to-sse-c/https-v4': { verdict: 'fail', severity: 'downgrade', atRest: 'plaintext', because: 'stores copies in plaintext' } } };
    const at = (atRest?: CaseResult['atRest']) => withCell(allPass(), result('copy/plain-to-sse-c/https-v4', 'fail', { severity: 'downgrade', ...(atRest ? { atRest } : {}) }));
    expect(markBaseline(at('plaintext'), b, 'b.json').known).toBe(1);
    expect(markBaseline(at('not-found'), b, 'b.json').regressions).toBe(1);
    expect(markBaseline(at(), b, 'b.json').known).toBe(1);
    const lost = at('not-found');
    markBaseline(lost, b, 'b.json');
    expect(baselineLines(lost, b, 'b.json')[0]).toContain('FAIL (downgrade) [200] {at rest: not-found}, the baseline says FAIL (downgrade) {at rest: plaintext}');
  });

  test('a skipped cell is neither known nor fixed', () => {
    const rs = withCell(matching(), result('copy/sse-c-to-plain/https-v4', 'skipped'));
    expect(markBaseline(rs, exp, 'b.json')).toEqual({ file: 'b.json', known: 1, regressions: 0, fixed: 0 });
  });
});

describe('exit code against a baseline', () => {
  const run = (rs: CaseResult[], b?: RunResults['baseline']) => ({ summary: summarize(rs), cleanup: { ok: true, prefix: 'p/', left: 0, skipped: 0, failures: [] }, ...(b ? { baseline: b } : {}) });
  const rs = withCell(allPass(), result('sse-c/put-object/http-v2', 'error'));
  test('0 when only known cells do not pass, 1 on a regression or a fixed cell, 2 without a baseline for an ERROR', () => {
    expect(exitCodeFor(run(rs))).toBe(2);
    expect(exitCodeFor(run(rs, { file: 'b', known: 1, regressions: 0, fixed: 0 }))).toBe(0);
    expect(exitCodeFor(run(rs, { file: 'b', known: 0, regressions: 1, fixed: 0 }))).toBe(1);
    expect(exitCodeFor(run(rs, { file: 'b', known: 1, regressions: 0, fixed: 1 }))).toBe(1);
    expect(exitCodeFor({ ...run(rs, { file: 'b', known: 1, regressions: 0, fixed: 0 }), cleanup: { ok: false, prefix: 'p/', left: 1, skipped: 0, failures: [] } })).toBe(2);
    expect(exitCodeFor({ ...run(rs, { file: 'b', known: 1, regressions: 0, fixed: 0 }), interrupted: true })).toBe(130);
  });
});

describe('baselineOf (run --write-expect)', () => {
  const res = (rs: CaseResult[]) => ({ runId: 'r1', profile: 'obs', endpoint: { embedded: false, http: 'http://h', https: 'https://h', bucket: 'b', region: 'r' }, cases: rs });

  test('lists every cell that did not pass with its answer; the file is a valid baseline the run matches', () => {
    const rs = withCell(withCell(allPass(), result('sse-c/put-object/http-v2', 'fail', { severity: 'exposure' })), result('copy/sse-c-to-plain/https-v4', 'error', { observed: { status: 503, code: 'SlowDown' } }));
    const b = baselineOf(res(rs));
    expect(b.profile).toBe('obs');
    expect(b.endpoint).toBe('https://h (bucket b)');
    expect(Object.keys(b.cells)).toEqual(['copy/sse-c-to-plain/https-v4', 'sse-c/put-object/http-v2']);
    expect(b.cells['sse-c/put-object/http-v2']).toMatchObject({ verdict: 'fail', severity: 'exposure', observed: { status: 200 }, because: expect.stringContaining('reason of sse-c/put-object/http-v2') });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-baseline-'));
    try {
      writeBaseline(path.join(dir, 'b.json'), b);
      const back = loadBaseline(path.join(dir, 'b.json'), cases);
      expect(markBaseline(rs, back, 'b.json')).toEqual({ file: 'b.json', known: 2, regressions: 0, fixed: 0 });
      expect(fs.readdirSync(dir)).toEqual(['b.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('keeps the words of a previous baseline for cells still known, and its cells outside this run', () => {
    const previous: Baseline = {
      endpoint: 'vendor X',
      cells: {
        'sse-c/put-object/http-v2': { verdict: 'fail', severity: 'exposure', because: 'accepts SSE-C over plain HTTP' },
        'copy/plain-to-sse-c/https-v4': { verdict: 'fail', severity: 'downgrade', because: 'ignores SSE-C on copies' },
      },
    };
    const rs = withCell(allPass(), result('sse-c/put-object/http-v2', 'fail', { severity: 'exposure' })).filter((r) => r.id.startsWith('sse-c/'));
    const b = baselineOf(res(rs), previous);
    expect(b.endpoint).toBe('vendor X');
    expect(b.cells['sse-c/put-object/http-v2']!.because).toBe('accepts SSE-C over plain HTTP');
    expect(b.cells['copy/plain-to-sse-c/https-v4']!.because).toBe('ignores SSE-C on copies');
  });
});
