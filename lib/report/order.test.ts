import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { COLUMNS, compareCases, sortCases } from './order';

const matrixOrder = expandProfile(loadProfile('obs'));

test('the columns are http-v2, http-v4, https-v2, https-v4', () => {
  expect(COLUMNS.map((c) => `${c.protocol}-${c.auth}`)).toEqual(['http-v2', 'http-v4', 'https-v2', 'https-v4']);
  expect(COLUMNS.map((c) => c.label)).toEqual(['HTTP V2', 'HTTP V4', 'HTTPS V2', 'HTTPS V4']);
});

test('sortCases restores the matrix order from any shuffle, without touching its input', () => {
  const shuffled = [...matrixOrder].reverse();
  shuffled.push(...shuffled.splice(7, 30));
  const before = shuffled.map((c) => c.id);
  expect(sortCases(shuffled).map((c) => c.id)).toEqual(matrixOrder.map((c) => c.id));
  expect(shuffled.map((c) => c.id)).toEqual(before);
});

test('tables go sse-c, sse-kms, copy, upload-part-copy; unknown tables last', () => {
  const mk = (table: string, rowIndex = 0) => ({ id: `${table}/r/http-v2`, table: table as never, rowIndex, protocol: 'http' as const, auth: 'v2' as const });
  const ids = sortCases([mk('zzz'), mk('upload-part-copy'), mk('copy'), mk('sse-kms'), mk('sse-c', 3), mk('sse-c', 1)]).map((c) => `${c.table}:${c.rowIndex}`);
  expect(ids).toEqual(['sse-c:1', 'sse-c:3', 'sse-kms:0', 'copy:0', 'upload-part-copy:0', 'zzz:0']);
  expect(compareCases(mk('copy'), mk('copy'))).toBe(0);
});
