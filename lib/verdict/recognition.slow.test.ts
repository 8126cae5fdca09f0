// Nothing in a request under test may tell it from an ordinary client's request, or name its cell:
// an endpoint could otherwise enforce the rules only when it is being tested. Each goes out as the
// client that sends such requests (lib/engine/client-profiles.ts, where each is compared with the real
// client header for header): V4 as the AWS SDK the trusted path is, V2 as botocore, a POST form as a browser.
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runAgainst } from '../self-check/run-against';
import type { Target } from '../config/settings';
import { startDishonestProxy, type ProxiedRequest } from './test-support/dishonest-proxy';

jest.setTimeout(120000);

const ALL = expandProfile(loadProfile('obs'));
let ep: ReferenceEndpoint;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ profile: 'obs' });
});
afterAll(() => ep.close());

async function record(seed: number, identity: Partial<Pick<Target, 'userAgent' | 'userAgentV2' | 'userAgentPost'>> = {}): Promise<{ seen: ProxiedRequest[]; results: Awaited<ReturnType<typeof runAgainst>>['results'] }> {
  const seen: ProxiedRequest[] = [];
  const proxy = await startDishonestProxy(ep, async (req, forward) => {
    seen.push(req);
    return forward();
  });
  try {
    const target = { ...proxy.target, ...identity };
    return { seen, results: (await runAgainst(target, ALL.filter((c) => c.table === 'sse-c'), { seed, concurrency: 1 })).results };
  } finally {
    await proxy.close();
  }
}

/** The client a request's kind names: POST forms a browser, V2 botocore, V4 (and the trusted path) the AWS SDK. */
function kindOf(r: ProxiedRequest): 'browser' | 'botocore' | 'aws-sdk-js' {
  if (r.method === 'POST' && /^multipart\/form-data/.test(String(r.headers['content-type']))) return 'browser';
  return /^AWS /.test(String(r.headers.authorization)) ? 'botocore' : 'aws-sdk-js';
}

test('every request names the client its kind comes from, the trusted path the SDK it is; keys name no cell, table or step', async () => {
  const { seen, results } = await record(7);
  const underTest = seen.filter((r) => !r.sdk);
  expect(underTest.length).toBeGreaterThan(30);
  const byKind = new Map<string, Set<string>>();
  for (const r of seen) {
    const ua = String(r.headers['user-agent']);
    const kind = kindOf(r);
    byKind.set(kind, (byKind.get(kind) ?? new Set()).add(ua.replace(/ m\/\S+/, '')));
    const names = { browser: /^Mozilla\/5\.0 \(.* Chrome\/\d+/, botocore: /^Boto3\/\S+ md\/Botocore#/, 'aws-sdk-js': /^aws-sdk-js\/\S+ ua\/2\.1 / }[kind];
    expect({ kind, ua, names: names.test(ua) }).toEqual({ kind, ua, names: true });
    // The SDK (trusted or under test) sends its x-amz-user-agent and its retry headers; botocore its retry headers.
    expect({ kind, xAmzUserAgent: r.headers['x-amz-user-agent'] !== undefined }).toEqual({ kind, xAmzUserAgent: kind === 'aws-sdk-js' });
    expect({ kind, invocation: r.headers['amz-sdk-invocation-id'] !== undefined }).toEqual({ kind, invocation: kind !== 'browser' });
  }
  // One client per kind (the SDK's metrics list aside, which follows the operation), the three kinds all there.
  expect([...byKind.keys()].sort()).toEqual(['aws-sdk-js', 'botocore', 'browser']);
  for (const [kind, agents] of byKind) expect({ kind, agents: agents.size }).toEqual({ kind, agents: 1 });
  const markers = /sse-c|sse-kms|put-object|get-object|head-object|multipart|upload-part|act|control|fixture|source|http-v|https-v/i;
  for (const r of seen) {
    const path = decodeURIComponent(r.url.split('?')[0]!).replace(/^\/[^/]+\//, '').replace(/^sse-conformance-runs\/[^/]+\//, '');
    expect({ path, marked: markers.test(path) }).toEqual({ path, marked: false });
  }
  // Which key served which cell is in the cell's evidence.
  // (HEAD and GET cells read a shared source object: their key is that object's.)
  for (const r of results) expect(r.keys?.act).toMatch(/^sse-conformance-runs\/selfcheck-[^/]+\/[0-9a-f]{8}\/([0-9a-f]{12}\/)?[0-9a-f]{16}$/);
});

test('cells are judged in an order shuffled from the seed: the same seed repeats it; S3_USER_AGENT, S3_USER_AGENT_V2 and S3_USER_AGENT_POST replace each kind\'s User-Agent', async () => {
  const orderOf = async (seed: number, identity?: Parameters<typeof record>[1]) => {
    const { seen, results } = await record(seed, identity);
    // Cells with a key of their own (reads share the source objects).
    const byKey = new Map(results.filter((r) => r.keys!.act!.startsWith(r.keys!.folder)).map((r) => [r.keys!.act!, r.id]));
    const acts = seen.filter((r) => !r.sdk).map((r) => byKey.get(decodeURIComponent(r.url.split('?')[0]!).replace(/^\/[^/]+\//, ''))).filter((id): id is string => !!id);
    return { order: [...new Set(acts)], agents: new Set(seen.map((r) => `${kindOf(r)}: ${String(r.headers['user-agent'])}`)) };
  };
  const a = await orderOf(11);
  const b = await orderOf(11, { userAgent: 'my-client/1.0', userAgentV2: 'my-v2-client/2.0', userAgentPost: 'my-browser/3.0' });
  const c = await orderOf(12);
  expect(a.order.length).toBeGreaterThan(15);
  expect(b.order).toEqual(a.order);
  expect(c.order).not.toEqual(a.order);
  expect(a.order).not.toEqual(ALL.filter((x) => x.table === 'sse-c').map((x) => x.id).filter((id) => a.order.includes(id)));
  expect([...b.agents].sort()).toEqual(['aws-sdk-js: my-client/1.0', 'botocore: my-v2-client/2.0', 'browser: my-browser/3.0']);
});
