import { shuffled } from './shuffle';

test('the same seed gives the same order, another seed another order, and nothing is lost', () => {
  const ids = Array.from({ length: 128 }, (_, i) => `cell-${i}`);
  const a = shuffled(ids, 42);
  expect(shuffled(ids, 42)).toEqual(a);
  expect(shuffled(ids, 43)).not.toEqual(a);
  expect(a).not.toEqual(ids);
  expect([...a].sort()).toEqual([...ids].sort());
});
