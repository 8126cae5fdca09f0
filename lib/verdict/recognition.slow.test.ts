// Nothing in a request under test may tell it from the harness's other requests, or name its cell:
// an endpoint could otherwise enforce the rules only when it is being tested.
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runAgainst } from '../self-check/run-against';
import { startDishonestProxy, type ProxiedRequest } from './test-support/dishonest-proxy';

jest.setTimeout(120000);

const ALL = expandProfile(loadProfile('obs'));
let ep: ReferenceEndpoint;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ profile: 'obs' });
});
afterAll(() => ep.close());

async function record(seed: number, userAgent?: string): Promise<{ seen: ProxiedRequest[]; results: Awaited<ReturnType<typeof runAgainst>>['results'] }> {
  const seen: ProxiedRequest[] = [];
  const proxy = await startDishonestProxy(ep, async (req, forward) => {
    seen.push(req);
    return forward();
  });
  try {
    const target = { ...proxy.target, ...(userAgent ? { userAgent } : {}) };
    return { seen, results: (await runAgainst(target, ALL.filter((c) => c.table === 'sse-c'), { seed, concurrency: 1 })).results };
  } finally {
    await proxy.close();
  }
}

test('requests under test carry the trusted path\'s User-Agent and keys that name no cell, table or step', async () => {
  const { seen, results } = await record(7);
  const underTest = seen.filter((r) => !r.sdk);
  expect(underTest.length).toBeGreaterThan(30);
  const agents = new Set(seen.map((r) => r.headers['user-agent']));
  expect(agents.size).toBe(1);
  expect([...agents][0]).toMatch(/^aws-sdk-js\//);
  expect(seen.some((r) => r.headers['x-amz-user-agent'] !== undefined)).toBe(false);
  const markers = /sse-c|sse-kms|put-object|get-object|head-object|multipart|upload-part|act|control|fixture|source|http-v|https-v/i;
  for (const r of seen) {
    const path = decodeURIComponent(r.url.split('?')[0]!).replace(/^\/[^/]+\//, '').replace(/^sse-conformance-runs\/[^/]+\//, '');
    expect({ path, marked: markers.test(path) }).toEqual({ path, marked: false });
  }
  // Which key served which cell is in the cell's evidence.
  // (HEAD and GET cells read a shared source object: their key is that object's.)
  for (const r of results) expect(r.keys?.act).toMatch(/^sse-conformance-runs\/selfcheck-[^/]+\/[0-9a-f]{8}\/([0-9a-f]{12}\/)?[0-9a-f]{16}$/);
});

test('cells are judged in an order shuffled from the seed: the same seed repeats it, S3_USER_AGENT replaces the User-Agent everywhere', async () => {
  const orderOf = async (seed: number, ua?: string) => {
    const { seen, results } = await record(seed, ua);
    // Cells with a key of their own (reads share the source objects).
    const byKey = new Map(results.filter((r) => r.keys!.act!.startsWith(r.keys!.folder)).map((r) => [r.keys!.act!, r.id]));
    const acts = seen.filter((r) => !r.sdk).map((r) => byKey.get(decodeURIComponent(r.url.split('?')[0]!).replace(/^\/[^/]+\//, ''))).filter((id): id is string => !!id);
    return { order: [...new Set(acts)], agents: new Set(seen.map((r) => r.headers['user-agent'])) };
  };
  const a = await orderOf(11);
  const b = await orderOf(11, 'my-client/1.0');
  const c = await orderOf(12);
  expect(a.order.length).toBeGreaterThan(15);
  expect(b.order).toEqual(a.order);
  expect(c.order).not.toEqual(a.order);
  expect(a.order).not.toEqual(ALL.filter((x) => x.table === 'sse-c').map((x) => x.id).filter((id) => a.order.includes(id)));
  expect([...b.agents]).toEqual(['my-client/1.0']);
});
