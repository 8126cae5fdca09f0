// groupCauses, compactIds, causeOf and causeAfter: every non-passing cell in exactly one cause,
// grouped by cause id, answer, verdict and severity, largest first; ids written compactly.
import { makeFixtureResults } from '../report/fixture';
import { CAUSES, causeAfter, causeOf, compactIds, groupCauses, type CauseId } from './causes';
import type { CaseResult, Severity, Verdict } from './types';

/**
 * A result with what grouping reads. `observed` follows the answer as the judge records both: the
 * status first, the error code last when the answer has one (`code` says which it is).
 */
function cell(id: string, verdict: Verdict, cause?: { id: CauseId; answer?: string }, severity?: Severity, code?: string): CaseResult {
  const [table, row, pa] = id.split('/');
  const [protocol, auth] = (pa ?? 'https-v4').split('-');
  return {
    id,
    table: table as CaseResult['table'],
    row,
    rowIndex: 0,
    protocol: protocol as CaseResult['protocol'],
    auth: auth as CaseResult['auth'],
    expected: 'accept',
    requirement: '',
    verdict,
    ...(severity ? { severity } : {}),
    ...(cause ? { cause } : {}),
    observed: { status: Number(cause?.answer?.match(/^\d+/)?.[0] ?? 0), ...(code ? { code } : {}) },
    reason: '',
    durationMs: 1,
    requests: 1,
    evidence: [],
  };
}

const V2_EXPOSURE = { id: 'accepted-forbidden-auth' as const, answer: '200 OK' };
const NOT_IMPLEMENTED = { id: 'not-implemented' as const, answer: '501 Not Implemented NotImplemented' };
const RESULTS: CaseResult[] = [
  cell('sse-c/put-object/https-v4', 'pass'),
  cell('sse-kms/put-object/https-v2', 'fail', V2_EXPOSURE, 'exposure'),
  cell('sse-kms/post-object/https-v2', 'fail', { ...V2_EXPOSURE, answer: '204 No Content' }, 'exposure'), // another 2xx: the same acceptance
  cell('sse-kms/get-object/http-v2', 'fail', { id: 'refused-allowed', answer: '400 Bad Request InvalidRequest' }, 'interop', 'InvalidRequest'),
  cell('sse-kms/get-object/http-v4', 'fail', { id: 'refused-allowed', answer: '400 Bad Request InvalidRequest' }, 'interop', 'InvalidRequest'),
  cell('sse-kms/head-object/http-v2', 'fail', { id: 'refused-allowed', answer: '400 Bad Request' }, 'interop'), // same id, other answer (no code)
  cell('sse-c/post-object/http-v2', 'skipped'),
  cell('copy/sse-c-to-sse-c/https-v4', 'error', NOT_IMPLEMENTED, undefined, 'NotImplemented'),
  cell('copy/sse-c-to-plain/https-v4', 'fail', NOT_IMPLEMENTED, 'interop', 'NotImplemented'), // same id+answer, other verdict
  cell('sse-kms/upload-part/https-v2', 'fail', V2_EXPOSURE, 'exposure'),
  cell('copy/plain-to-sse-kms/https-v4', 'fail', { id: 'echo-missing', answer: '200 OK' }, 'downgrade'),
  cell('copy/plain-to-sse-c/https-v4', 'fail', { id: 'echo-missing', answer: '200 OK' }, 'interop'), // same id+answer, other severity
];

test('every non-passing cell is in exactly one group; passes and skips in none', () => {
  const groups = groupCauses(RESULTS);
  const grouped = groups.flatMap((g) => g.cells);
  expect(new Set(grouped).size).toBe(grouped.length);
  expect([...grouped].sort()).toEqual(RESULTS.filter((r) => r.verdict === 'fail' || r.verdict === 'error').map((r) => r.id).sort());
  expect(grouped).not.toContain('sse-c/put-object/https-v4');
  expect(grouped).not.toContain('sse-c/post-object/http-v2');
  expect(groupCauses(RESULTS.filter((r) => r.verdict === 'pass' || r.verdict === 'skipped'))).toEqual([]);
});

test('a group is one cause id, answer, verdict and severity: any of them different is another group', () => {
  const groups = groupCauses(RESULTS);
  const key = (g: (typeof groups)[number]) => `${g.id}|${g.answer ?? ''}|${g.verdict}|${g.severity ?? ''}`;
  expect(groups.map(key)).toEqual([
    'accepted-forbidden-auth|200 OK or 204 No Content|fail|exposure',
    'refused-allowed|400 Bad Request InvalidRequest|fail|interop',
    'refused-allowed|400 Bad Request|fail|interop',
    'not-implemented|501 Not Implemented NotImplemented|error|',
    'not-implemented|501 Not Implemented NotImplemented|fail|interop',
    'echo-missing|200 OK|fail|downgrade',
    'echo-missing|200 OK|fail|interop',
  ]);
  const v2 = groups[0];
  expect(v2).toEqual({
    id: 'accepted-forbidden-auth',
    title: CAUSES['accepted-forbidden-auth'].title,
    sentence: CAUSES['accepted-forbidden-auth'].sentence,
    verdict: 'fail',
    severity: 'exposure',
    answer: '200 OK or 204 No Content',
    cells: ['sse-kms/put-object/https-v2', 'sse-kms/post-object/https-v2', 'sse-kms/upload-part/https-v2'],
    compact: ['sse-kms/{put-object,post-object,upload-part}/https-v2'],
  });
  // An ERROR has no severity field at all, and a cause without an answer no answer field.
  expect(groups[3]).not.toHaveProperty('severity');
  expect(groupCauses([cell('sse-c/put-object/http-v2', 'error', { id: 'no-answer' })])[0]).not.toHaveProperty('answer');
});

test('the key is status and code: the reason phrase does not split a group, the code does; a 2xx with an error code is no acceptance; no answer keeps its text', () => {
  const refused = (id: string, answer: string, code?: string) => cell(id, 'fail', { id: 'refused-allowed', answer }, 'interop', code);
  const groups = groupCauses([
    refused('sse-c/put-object/https-v2', '400 Bad Request InvalidRequest', 'InvalidRequest'),
    refused('sse-c/put-object/https-v4', '400 Bad request InvalidRequest', 'InvalidRequest'), // another phrase: same group
    refused('sse-c/get-object/https-v2', '400 Bad Request InvalidArgument', 'InvalidArgument'), // another code: another group
    refused('copy/plain-to-sse-c/https-v2', '200 OK InvalidRequest', 'InvalidRequest'), // a 200 with an <Error>: a refusal, not an acceptance
    refused('copy/plain-to-sse-c/https-v4', '204 No Content'),
    cell('sse-c/put-object/http-v2', 'error', { id: 'no-answer', answer: 'no answer (timeout: no complete answer within 10000 ms)' }),
    cell('sse-c/put-object/http-v4', 'error', { id: 'no-answer', answer: 'no answer (reset: read ECONNRESET)' }),
  ]);
  expect(groups.map((g) => [g.answer, g.cells.length])).toEqual([
    ['400 Bad Request InvalidRequest or 400 Bad request InvalidRequest', 2],
    ['400 Bad Request InvalidArgument', 1],
    ['200 OK InvalidRequest', 1],
    ['204 No Content', 1],
    ['no answer (timeout: no complete answer within 10000 ms)', 1],
    ['no answer (reset: read ECONNRESET)', 1],
  ]);
  // However many phrases an endpoint varies, the answer names three (sorted) and counts the rest.
  const many = ['OK', 'Ok', 'ok', 'Fine', 'Sure'].map((phrase, i) => cell(`sse-kms/put-object/https-v${i}`, 'fail', { ...V2_EXPOSURE, answer: `200 ${phrase}` }, 'exposure'));
  expect(groupCauses(many).map((g) => g.answer)).toEqual(['200 Fine or 200 OK or 200 Ok or 2 more']);
});

test('largest first; groups of one size keep the order of their first cell', () => {
  const sizes = groupCauses(RESULTS).map((g) => g.cells.length);
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  // Reversed input: the ties come out in the other order, the largest still first.
  const reversed = groupCauses([...RESULTS].reverse());
  expect(reversed[0].id).toBe('accepted-forbidden-auth');
  expect(reversed[0].cells).toEqual(['sse-kms/upload-part/https-v2', 'sse-kms/post-object/https-v2', 'sse-kms/put-object/https-v2']);
  expect(reversed.slice(2).map((g) => g.cells[0])).toEqual(['copy/plain-to-sse-c/https-v4', 'copy/plain-to-sse-kms/https-v4', 'copy/sse-c-to-plain/https-v4', 'copy/sse-c-to-sse-c/https-v4', 'sse-kms/head-object/http-v2']);
});

test('results written before causes existed: a FAIL is verify-failed, an ERROR harness-error, each verdict and severity its own group', () => {
  expect(causeOf({ verdict: 'pass' })).toBeUndefined();
  expect(causeOf({ verdict: 'skipped' })).toBeUndefined();
  expect(causeOf({ verdict: 'pass', cause: { id: 'echo-missing' } })).toBeUndefined(); // a PASS has no cause, whatever it carries
  expect(causeOf({ verdict: 'fail' })).toEqual({ id: 'verify-failed' });
  expect(causeOf({ verdict: 'error' })).toEqual({ id: 'harness-error' });
  expect(causeOf({ verdict: 'fail', cause: { id: 'late-write', answer: '403 Forbidden AccessDenied' } })).toEqual({ id: 'late-write', answer: '403 Forbidden AccessDenied' });
  // The fixture's results carry no cause: 4 FAIL (three severities) and 2 ERROR, all grouped.
  const groups = groupCauses(makeFixtureResults().cases);
  expect(groups.map((g) => [g.id, g.verdict, g.severity, g.cells.length])).toEqual([
    ['verify-failed', 'fail', 'exposure', 2],
    ['harness-error', 'error', undefined, 2],
    ['verify-failed', 'fail', 'downgrade', 1],
    ['verify-failed', 'fail', 'interop', 1],
  ]);
});

test('a cause id the harness does not know (a crafted or newer file) gets the words of harness-error, its id kept', () => {
  const [g] = groupCauses([cell('sse-c/put-object/http-v2', 'error', { id: 'made-up' as CauseId })]);
  expect(g.id).toBe('made-up');
  expect(g.title).toBe(CAUSES['harness-error'].title);
});

describe('compactIds', () => {
  test('rows of one table with the same protocol-auth suffixes fold into one brace', () => {
    expect(compactIds(['sse-kms/put-object/https-v2', 'sse-kms/post-object/https-v2'])).toEqual(['sse-kms/{put-object,post-object}/https-v2']);
    expect(compactIds(['sse-kms/head-object/http-v2', 'sse-kms/head-object/http-v4', 'sse-kms/get-object/http-v2', 'sse-kms/get-object/http-v4'])).toEqual([
      'sse-kms/{head-object,get-object}/{http-v2,http-v4}',
    ]);
  });

  test('rows with distinct suffix sets, and rows of other tables, stay apart; one row, one suffix has no braces', () => {
    expect(compactIds(['copy/plain-to-sse-kms/http-v2', 'copy/plain-to-sse-kms/http-v4', 'copy/plain-to-sse-kms/https-v2', 'copy/plain-to-sse-c/http-v2', 'copy/plain-to-sse-c/http-v4'])).toEqual([
      'copy/plain-to-sse-kms/{http-v2,http-v4,https-v2}',
      'copy/plain-to-sse-c/{http-v2,http-v4}',
    ]);
    expect(compactIds(['sse-c/put-object/http-v2', 'sse-kms/put-object/http-v2'])).toEqual(['sse-c/put-object/http-v2', 'sse-kms/put-object/http-v2']);
    // The same suffixes in another order are another set (the order is the profile's, so this does not happen in a run).
    expect(compactIds(['sse-c/a/http-v2', 'sse-c/a/http-v4', 'sse-c/b/http-v4', 'sse-c/b/http-v2'])).toEqual(['sse-c/a/{http-v2,http-v4}', 'sse-c/b/{http-v4,http-v2}']);
    expect(compactIds([])).toEqual([]);
  });

  test('ids of other shapes pass through as they are, after the folded ones', () => {
    expect(compactIds(['odd-id', 'sse-c/put-object/http-v2', 'a/b/c/d', 'sse-c/get-object/http-v2', ''])).toEqual(['sse-c/{put-object,get-object}/http-v2', 'odd-id', 'a/b/c/d', '']);
  });

  test('a group\'s compact form names exactly its cells', () => {
    const expand = (s: string): string[] => {
      const m = /^([^/]+)\/(\{[^}]*\}|[^/]+)\/(\{[^}]*\}|[^/]+)$/.exec(s);
      if (!m) return [s];
      const alts = (x: string) => (x.startsWith('{') ? x.slice(1, -1).split(',') : [x]);
      return alts(m[2]).flatMap((row) => alts(m[3]).map((sfx) => `${m[1]}/${row}/${sfx}`));
    };
    for (const g of groupCauses(RESULTS)) expect(g.compact.flatMap(expand).sort()).toEqual([...g.cells].sort());
  });
});

test('causeAfter: a later step that changed the verdict sets its cause and keeps the act\'s answer; a PASS has none', () => {
  const before = { cause: { id: 'strict-code' as const, answer: '403 Forbidden AccessDenied' } };
  expect(causeAfter(before, { verdict: 'fail', cause: 'late-write' })).toEqual({ cause: { id: 'late-write', answer: '403 Forbidden AccessDenied' } });
  expect(causeAfter(before, { verdict: 'fail' })).toEqual({ cause: before.cause });
  expect(causeAfter(before, { verdict: 'pass' })).toEqual({});
  expect(causeAfter({}, { verdict: 'error', cause: 'at-rest-unverified' })).toEqual({ cause: { id: 'at-rest-unverified' } });
  expect(causeAfter({}, { verdict: 'error' })).toEqual({});
});
