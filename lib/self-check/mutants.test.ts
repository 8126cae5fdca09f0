import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { mayBeBlocked, reachOf } from './mutants';

const cases = expandProfile(loadProfile('obs'));
const cell = (id: string) => cases.find((c) => c.id === id)!;
const reach = (id: string) => reachOf(cell(id), cases).map((c) => c.id);

test('an HTTPS+V4 cell reaches every cell: the trusted path uses it', () => {
  expect(reach('sse-c/put-object/https-v4')).toHaveLength(128);
  expect(reach('copy/plain-to-plain/https-v4')).toHaveLength(128);
});

test('any other cell reaches only itself, except a plain-to-plain copy row', () => {
  expect(reach('sse-kms/put-object/http-v2')).toEqual(['sse-kms/put-object/http-v2']);
  expect(reach('sse-c/complete-multipart-upload/https-v2')).toEqual(['sse-c/complete-multipart-upload/https-v2']);
  expect(reach('copy/sse-c-to-plain/http-v2')).toEqual(['copy/sse-c-to-plain/http-v2']);
  expect(reach('upload-part-copy/plain-to-sse-kms/http-v4')).toEqual(['upload-part-copy/plain-to-sse-kms/http-v4']);
});

test('a plain-to-plain copy row also reaches the reject cells it is the control of: same table, protocol and signature', () => {
  expect(reach('copy/plain-to-plain/http-v2')).toEqual([
    'copy/plain-to-sse-kms/http-v2',
    'copy/sse-kms-to-sse-kms/http-v2',
    'copy/sse-c-to-sse-kms/http-v2',
    'copy/plain-to-sse-c/http-v2',
    'copy/sse-kms-to-sse-c/http-v2',
    'copy/sse-c-to-sse-c/http-v2',
    'copy/plain-to-plain/http-v2',
  ]);
  expect(reach('copy/plain-to-plain/https-v2')).toEqual([
    'copy/plain-to-sse-kms/https-v2',
    'copy/sse-kms-to-sse-kms/https-v2',
    'copy/sse-c-to-sse-kms/https-v2',
    'copy/plain-to-plain/https-v2',
  ]);
  expect(reach('upload-part-copy/plain-to-plain/http-v4')).toEqual([
    'upload-part-copy/plain-to-sse-c/http-v4',
    'upload-part-copy/sse-kms-to-sse-c/http-v4',
    'upload-part-copy/sse-c-to-sse-c/http-v4',
    'upload-part-copy/plain-to-plain/http-v4',
  ]);
});

test('the 128 mutants judge 4,213 cells in all, not 7,168 (every other mutant\'s whole table)', () => {
  // 32 HTTPS+V4 mutants x 128, 96 others x 1, plus the reject cells of the plain-to-plain mutants: copy 6+6+3, upload-part-copy 3+3.
  expect(cases.reduce((n, m) => n + reachOf(m, cases).length, 0)).toBe(32 * 128 + 96 + 21);
});

test('mayBeBlocked names exactly the reached cells other than the mutant', () => {
  const mismatches: string[] = [];
  for (const m of cases) {
    const reached = new Set(reachOf(m, cases).map((c) => c.id));
    for (const c of cases) if (mayBeBlocked(m, c) !== (reached.has(c.id) && c.id !== m.id)) mismatches.push(`${m.id} -> ${c.id}`);
  }
  expect(mismatches).toEqual([]);
});
