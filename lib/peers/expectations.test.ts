import * as path from 'node:path';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import type { CaseResult } from '../verdict/types';
import { compareWithExpectations, completenessProblems, loadExpectations, parseExpectations, renderDifferences, skeletonFor, type ExpectationFile } from './expectations';

const cases = expandProfile(loadProfile('obs'));

function result(id: string, verdict: CaseResult['verdict'], extra: Partial<CaseResult> = {}): CaseResult {
  return { id, verdict, observed: { status: 200 }, reason: `reason of ${id}`, evidence: [], ...extra } as unknown as CaseResult;
}
const allPass = (): CaseResult[] => cases.map((c) => result(c.id, 'pass'));
const withCell = (rs: CaseResult[], r: CaseResult) => rs.map((x) => (x.id === r.id ? r : x));

describe('parseExpectations', () => {
  test('the checked-in radosgw expectation is valid against the matrix', () => {
    const exp = loadExpectations(path.join(__dirname, '../../config/peers/radosgw.expected.json'), cases);
    expect(Object.keys(exp.cells).length).toBeGreaterThan(0);
    for (const e of Object.values(exp.cells)) expect(e.because).not.toMatch(/TODO/);
  });

  test('names every problem', () => {
    const text = JSON.stringify({
      cells: {
        'no/such/cell': { verdict: 'fail', severity: 'interop', because: 'a long enough reason' },
        'sse-c/put-object/http-v2': { verdict: 'fail', because: 'no severity given here' },
        'sse-c/put-object/http-v4': { verdict: 'error', severity: 'interop', because: 'an error with a severity' },
        'sse-c/put-object/https-v2': { verdict: 'pass', because: 'passing cells are not listed' },
        'sse-c/put-object/https-v4': { verdict: 'fail', severity: 'exposure', because: 'short' },
        'sse-c/get-object/https-v4': { verdict: 'fail', severity: 'exposure', because: 'a long enough reason', severty: 'x' },
        'sse-c/get-object/https-v2': { verdict: 'error', observed: { status: '501' }, because: 'a long enough reason' },
      },
    });
    let msg = '';
    try {
      parseExpectations(text, cases, 'x.json');
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain('cells["no/such/cell"]: no such case');
    expect(msg).toContain('cells["sse-c/put-object/http-v2"].severity: must be one of');
    expect(msg).toContain('cells["sse-c/put-object/http-v4"].severity: an error has no severity');
    expect(msg).toContain('cells["sse-c/put-object/https-v2"].verdict');
    expect(msg).toContain('cells["sse-c/put-object/https-v4"].because');
    expect(msg).toContain('cells["sse-c/get-object/https-v4"]: unknown key "severty"');
    expect(msg).toContain('cells["sse-c/get-object/https-v2"].observed');
  });
});

describe('compareWithExpectations', () => {
  const exp: ExpectationFile = {
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

  test('an exact match has no difference', () => {
    expect(compareWithExpectations(matching(), exp)).toEqual([]);
  });

  test('a new failure, a fixed cell, a changed severity and a changed answer are all differences', () => {
    let rs = matching();
    rs = withCell(rs, result('sse-c/put-object/http-v2', 'fail', { severity: 'exposure' }));
    rs = withCell(rs, result('copy/plain-to-sse-c/https-v4', 'fail', { severity: 'interop', observed: { status: 400, code: 'InvalidRequest' } }));
    rs = withCell(rs, result('copy/sse-c-to-plain/https-v4', 'pass'));
    const diffs = compareWithExpectations(rs, exp);
    expect(diffs.map((d) => [d.id, d.kind])).toEqual([
      ['copy/plain-to-sse-c/https-v4', 'changed'],
      ['copy/sse-c-to-plain/https-v4', 'gone'],
      ['sse-c/put-object/http-v2', 'new'],
    ]);
    const text = renderDifferences(diffs);
    expect(text).toContain('- copy/plain-to-sse-c/https-v4: FAIL (downgrade) [200]');
    expect(text).toContain('+ copy/plain-to-sse-c/https-v4: FAIL (interop) [400 InvalidRequest]');
    expect(text).toContain('+ sse-c/put-object/http-v2: FAIL (exposure) [200]   (new: not in the expectation)');
    expect(text).toContain('expected because: refuses to copy encrypted objects');
    expect(JSON.parse(skeletonFor(diffs))).toEqual({
      'copy/plain-to-sse-c/https-v4': expect.objectContaining({ verdict: 'fail', severity: 'interop', observed: { status: 400, code: 'InvalidRequest' } }),
      'sse-c/put-object/http-v2': expect.objectContaining({ verdict: 'fail', severity: 'exposure' }),
    });
  });

  test('an error with another answer than the one expected is a difference', () => {
    const rs = withCell(matching(), result('copy/sse-c-to-plain/https-v4', 'error', { observed: { status: 503, code: 'SlowDown' } }));
    expect(compareWithExpectations(rs, exp).map((d) => d.kind)).toEqual(['changed']);
  });

  test('a listed cell missing from the run is a difference', () => {
    const rs = matching().filter((r) => r.id !== 'copy/sse-c-to-plain/https-v4');
    expect(compareWithExpectations(rs, exp).map((d) => [d.id, d.kind])).toEqual([['copy/sse-c-to-plain/https-v4', 'gone']]);
  });
});

test('completenessProblems: interrupted, missing and skipped cells', () => {
  const rs = allPass().slice(1);
  rs[0] = result(rs[0]!.id, 'skipped');
  const problems = completenessProblems({ interrupted: true, summary: { total: 127, pass: 126, fail: 0, error: 0, skipped: 1 }, cases: rs }, cases);
  expect(problems).toEqual(['the run was interrupted', expect.stringMatching(/^1 of 128 cells were not judged/), '1 cells were skipped']);
  expect(completenessProblems({ summary: { total: 128, pass: 128, fail: 0, error: 0, skipped: 0 }, cases: allPass() }, cases)).toEqual([]);
});
