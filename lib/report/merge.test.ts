import { makeFixtureResults } from './fixture';
import { mergeResults } from './merge';

const full = makeFixtureResults();

function shard(pick: (i: number) => boolean, patch: Partial<typeof full> = {}): typeof full {
  const cases = full.cases.filter((_, i) => pick(i));
  return { ...full, ...patch, cases, summary: { total: cases.length, pass: 0, fail: 0, error: 0, skipped: 0 } };
}

test('shards merge back into the full run, in matrix order, summary recomputed', () => {
  const a = shard((i) => i % 3 === 0, { startedAt: '2025-01-15T10:00:05.000Z', durationMs: 4000, runId: 'late' });
  const b = shard((i) => i % 3 === 1, { startedAt: '2025-01-15T10:00:00.000Z', durationMs: 9000, runId: 'early' });
  const c = shard((i) => i % 3 === 2, { startedAt: '2025-01-15T10:00:02.000Z', durationMs: 6000 });
  const merged = mergeResults([c, a, b]);
  expect(merged.cases.map((x) => x.id)).toEqual(full.cases.map((x) => x.id));
  expect(merged.summary).toEqual({ total: 128, pass: 120, fail: 4, error: 2, skipped: 2 });
  expect(merged.startedAt).toBe('2025-01-15T10:00:00.000Z');
  expect(merged.runId).toBe('early');
  expect(merged.durationMs).toBe(9000);
  expect(merged.interrupted).toBeUndefined();
});

test('a judged cell beats a skipped one; otherwise the later part wins', () => {
  const id = 'sse-c/put-object/https-v4';
  const judged = shard(() => true);
  const skipped = shard(() => true);
  skipped.cases = skipped.cases.map((c) => (c.id === id ? { ...c, verdict: 'skipped' as const, reason: 'filtered' } : c));
  expect(mergeResults([judged, skipped]).cases.find((c) => c.id === id)?.verdict).toBe('pass');
  expect(mergeResults([skipped, judged]).cases.find((c) => c.id === id)?.verdict).toBe('pass');
  const rerun = shard(() => true);
  rerun.cases = rerun.cases.map((c) => (c.id === id ? { ...c, verdict: 'fail' as const, severity: 'interop' as const } : c));
  expect(mergeResults([judged, rerun]).cases.find((c) => c.id === id)?.verdict).toBe('fail');
  expect(mergeResults([judged, rerun]).cases).toHaveLength(128);
});

test('interrupted and strict combine; the inputs are not modified', () => {
  const a = shard((i) => i < 64, { interrupted: true, strict: true });
  const b = shard((i) => i >= 64, { strict: false });
  const before = JSON.stringify([a, b]);
  const merged = mergeResults([a, b]);
  expect(merged.interrupted).toBe(true);
  expect(merged.strict).toBe(false);
  expect(JSON.stringify([a, b])).toBe(before);
});

test('refuses to merge nothing, different profiles or different endpoints', () => {
  expect(() => mergeResults([])).toThrow(/nothing to merge/);
  expect(() => mergeResults([full, { ...full, profile: 'other' }])).toThrow(/different profiles/);
  expect(() => mergeResults([{ ...full, endpoint: { ...full.endpoint, embedded: false } }, { ...full, endpoint: { ...full.endpoint, embedded: false, https: 'https://elsewhere' } }])).toThrow(/different endpoints/);
});

test('the baseline counts are those of the merged cells; cleanup is ok only when every shard cleaned up', () => {
  const mark = (c: (typeof full.cases)[number], i: number) => (i === 0 ? { ...c, baseline: 'known' as const } : i === 1 ? { ...c, baseline: 'regression' as const } : i === 2 ? { ...c, baseline: 'fixed' as const } : c);
  const a = shard((i) => i < 2, { baseline: { file: 'b.json', known: 1, regressions: 1, fixed: 0 }, cleanup: { ok: true, prefix: 'p/', left: 0, skipped: 0, failures: [] } });
  const b = shard((i) => i >= 2, { baseline: { file: 'b.json', known: 0, regressions: 0, fixed: 1 }, cleanup: { ok: false, prefix: 'p/', left: 2, skipped: 1, failures: ['delete objects: 403 AccessDenied'] } });
  a.cases = a.cases.map(mark);
  b.cases = b.cases.map((c, i) => mark(c, i + 2));
  const m = mergeResults([a, b]);
  expect(m.baseline).toEqual({ file: 'b.json', known: 1, regressions: 1, fixed: 1 });
  expect(m.cleanup).toEqual({ ok: false, prefix: 'p/', left: 2, skipped: 1, failures: ['delete objects: 403 AccessDenied'] });
});

test('shards judged against different baselines (or one without) are refused; at-rest findings join', () => {
  const a = shard((i) => i < 64, { baseline: { file: 'b.json', known: 0, regressions: 0, fixed: 0 }, atRest: { probe: 'builtin', ok: true, objects: 30 } });
  const b = shard((i) => i >= 64, {});
  expect(() => mergeResults([a, b])).toThrow(/not all judged against the same baseline \(b\.json, none\)/);
  const c = shard((i) => i >= 64, { baseline: { file: 'b.json', known: 0, regressions: 0, fixed: 0 }, atRest: { probe: 'builtin', ok: true, objects: 40 } });
  expect(mergeResults([a, c]).atRest).toEqual({ probe: 'builtin', ok: true, objects: 70 });
  const d = shard((i) => i >= 64, { baseline: { file: 'b.json', known: 0, regressions: 0, fixed: 0 } });
  expect(mergeResults([a, d]).atRest).toEqual({ probe: 'builtin', ok: false, problem: '1 of 2 shards were not probed at rest', objects: 30 });
});

test('shards of the embedded endpoint merge although each ran on its own ports; a live endpoint and the embedded one do not', () => {
  const emb = (i: number, port: number) => shard((j) => j % 2 === i, { endpoint: { ...full.endpoint, embedded: true, http: `http://127.0.0.1:${port}`, https: `https://127.0.0.1:${port + 1}` } });
  expect(mergeResults([emb(0, 4000), emb(1, 5000)]).cases).toHaveLength(128);
  const live = shard((j) => j % 2 === 1, { endpoint: { ...full.endpoint, embedded: false, http: 'http://127.0.0.1:4000', https: 'https://127.0.0.1:4001' } });
  expect(() => mergeResults([emb(0, 4000), live])).toThrow(/different endpoints/);
});
