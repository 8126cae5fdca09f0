// Shards slice cells, not files: any n up to the number of selected cells, joined by `merge`, gives
// exactly the verdicts of the single run.
import { targetOf } from '../engine/embedded-target';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { mergeResults } from '../report/merge';
import type { RunResults } from '../verdict/types';
import { runConformance } from './run';

jest.setTimeout(300000);

let ep: ReferenceEndpoint;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ profile: 'obs' });
});
afterAll(() => ep.close());

const run = async (shard?: string): Promise<RunResults> =>
  (await runConformance({ settleMs: 0, ...(shard ? { shard } : {}) }, { target: targetOf(ep), writeReports: false })).results;
const verdicts = (r: RunResults) => Object.fromEntries(r.cases.map((c) => [c.id, `${c.verdict}${c.severity ? ` ${c.severity}` : ''}`]));

test.each([2, 3, 5, 8])('%i shards merged give the single run\'s verdicts, each cell judged once', async (n) => {
  const single = await run();
  expect(single.summary.total).toBe(128);
  const parts: RunResults[] = [];
  for (let i = 1; i <= n; i++) parts.push(await run(`${i}/${n}`));
  const sizes = parts.map((p) => p.cases.length);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(128);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  expect(new Set(parts.flatMap((p) => p.cases.map((c) => c.id))).size).toBe(128);
  for (const p of parts) expect(p.shard).toMatch(new RegExp(`^\\d+/${n}$`));
  expect(verdicts(mergeResults(parts))).toEqual(verdicts(single));
});
