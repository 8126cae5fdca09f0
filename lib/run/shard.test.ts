import { parseShard, shardOf, ShardError } from './shard';

const cells = Array.from({ length: 128 }, (_, i) => i);

test.each([1, 2, 3, 5, 8, 128])('%i shards cover every cell exactly once, balanced within one cell, in order', (n) => {
  const slices = Array.from({ length: n }, (_, i) => shardOf(cells, { index: i + 1, count: n }));
  expect(slices.flat()).toEqual(cells);
  const sizes = slices.map((s) => s.length);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  expect(Array.from({ length: n }, (_, i) => shardOf(cells, { index: i + 1, count: n }))).toEqual(slices);
});

test('specs are i/n with 1 <= i <= n; more shards than cells is refused', () => {
  expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
  for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1-2', '']) expect(() => parseShard(bad)).toThrow(ShardError);
  expect(() => shardOf([1, 2], { index: 1, count: 3 })).toThrow(/3 shards for 2 selected cells/);
});
