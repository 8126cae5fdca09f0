// `--shard i/n`: the i-th of n balanced slices of the selected cells, in matrix order. Slices differ
// in size by at most one cell, and a selection always slices the same way, so n machines running
// i = 1..n judge every selected cell exactly once; `merge` joins their results.

export class ShardError extends Error {}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new ShardError(`--shard: "${spec}" is not i/n with 1 <= i <= n`);
  return { index, count };
}

/** The shard's slice; more shards than selected cells is a mistake (some would judge nothing). */
export function shardOf<T>(items: readonly T[], shard: Shard): T[] {
  if (shard.count > items.length) throw new ShardError(`--shard: ${shard.count} shards for ${items.length} selected cells: at most one shard per cell`);
  const base = Math.floor(items.length / shard.count);
  const extra = items.length % shard.count;
  // The first `extra` shards take one cell more.
  const start = (shard.index - 1) * base + Math.min(shard.index - 1, extra);
  const size = base + (shard.index <= extra ? 1 : 0);
  return items.slice(start, start + size);
}
