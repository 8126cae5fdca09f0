import { loadProfile } from '../profile/load';
import { expandProfile } from './expand';
import { filterCases } from './filter';
import { loadGolden } from './golden';

const cases = expandProfile(loadProfile('obs'));

test('the expansion of the obs profile is exactly the hand-written golden file: every id, same expectation, nothing more', () => {
  // config/golden/obs.expected-outcomes.json is read off the vendor tables by hand, not produced by expandProfile.
  const golden = Object.fromEntries(loadGolden());
  const expanded = Object.fromEntries(cases.map((c) => [c.id, c.expected]));
  expect(expanded).toEqual(golden);
});

test('the obs profile expands to 128 cases, 48 of them rejections', () => {
  expect(cases).toHaveLength(128);
  expect(cases.filter((c) => c.expected === 'reject')).toHaveLength(48);
  expect(new Set(cases.map((c) => c.id)).size).toBe(128);
});

test.each([
  ['sse-c', 12],
  ['sse-kms', 15],
  ['copy', 15],
  ['upload-part-copy', 6],
])('table %s has %i rejections, as the seed counts them', (table, n) => {
  expect(cases.filter((c) => c.table === table && c.expected === 'reject')).toHaveLength(n);
});

test.each([
  ['sse-kms/get-object/https-v4', 'accept'],
  ['sse-kms/get-object/https-v2', 'reject'],
  ['sse-kms/head-object/http-v2', 'accept'],
  ['sse-c/complete-multipart-upload/http-v2', 'accept'],
  ['sse-c/put-object/http-v4', 'reject'],
  ['copy/sse-c-to-plain/http-v2', 'accept'],
  ['copy/plain-to-sse-kms/https-v2', 'reject'],
  ['upload-part-copy/plain-to-sse-kms/http-v2', 'accept'],
  ['upload-part-copy/sse-c-to-sse-c/http-v4', 'reject'],
])('%s is expected to %s', (id, expected) => {
  expect(cases.find((c) => c.id === id)?.expected).toBe(expected);
});

test('a case carries its requirement and, when refused, the violation and error the profile names', () => {
  const c = cases.find((x) => x.id === 'sse-kms/put-object/https-v2')!;
  expect(c.requirement).toBe('SSE-KMS PUT Object only over HTTPS with V4');
  expect(c).toMatchObject({ violation: 'auth', expectedError: { status: 400, code: 'InvalidArgument' } });
  const h = cases.find((x) => x.id === 'sse-c/get-object/http-v2')!;
  expect(h).toMatchObject({ violation: 'protocol', expectedError: { status: 400, code: 'InvalidRequest' }, source: 'sse-c' });
  expect(cases.find((x) => x.id === 'copy/sse-c-to-plain/http-v2')!.requirement).toMatch(/clear text/);
});

test('filters: globs on ids, then table, protocol and auth', () => {
  expect(filterCases(cases, { only: ['sse-c/get-object/*'] }).map((c) => c.id)).toEqual([
    'sse-c/get-object/http-v2',
    'sse-c/get-object/http-v4',
    'sse-c/get-object/https-v2',
    'sse-c/get-object/https-v4',
  ]);
  expect(filterCases(cases, { table: ['sse-kms'], protocol: ['http'] })).toHaveLength(14);
  expect(filterCases(cases, { only: ['copy/**', 'upload-part-copy/**'], auth: ['v2'] })).toHaveLength(36);
});
