import { expandProfile } from '../matrix/expand';
import { loadGolden } from '../matrix/golden';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { runCase, echoesEncryption } from './test-support/cases';
import { TestClient } from './test-support/client';

// Every cell of the obs profile's four tables, on the endpoint directly: real requests signed
// by the harness's signers, the endpoint verifying with its own (aws4). Whether a cell must be
// accepted comes from the hand-written golden file, not from the expansion the endpoint enforces
// (which would agree with itself); the expansion only supplies how to build each request.
const cases = expandProfile(loadProfile('obs'));
const golden = loadGolden();
const byId = new Map(cases.map((c) => [c.id, c]));
let ep: ReferenceEndpoint;
let client: TestClient;

beforeAll(async () => {
  ep = await startReferenceEndpoint();
  client = new TestClient(ep);
});
afterAll(async () => {
  client.close();
  await ep.close();
});

test('the obs profile expands to exactly the golden file\'s 128 cells', () => {
  expect(cases.map((c) => c.id).sort()).toEqual([...golden.keys()].sort());
});

describe.each([...golden].map(([id, outcome]) => [id, outcome] as const))('%s', (id, outcome) => {
  const c = byId.get(id);
  if (!c) {
    test('is a cell of the expansion', () => expect(byId.has(id)).toBe(true));
  } else if (outcome === 'accept') {
    test('is accepted, encrypted as asked, and reads back', async () => {
      const run = await runCase(client, c);
      expect({ status: run.act.status, code: run.act.code }).toEqual({ status: c.operation === 'post-object' ? 204 : 200, code: undefined });
      expect(run.act.headers['x-sse-conformance-case']).toBe(c.id);
      expect(echoesEncryption(run.act, c.target, run.key, ep.kmsKeyId)).toBe(true);
      if (run.readBackOk !== undefined) expect(run.readBackOk).toBe(true);
      if (!['head-object', 'get-object'].includes(c.operation)) expect(run.sideEffect).toBe(true);
    });
  } else {
    // A cell the expansion wrongly accepts has no error named: the endpoint's answer must still be a refusal.
    const want = c.expectedError ?? { status: 400, code: 'a refusal (the expansion names none)' };
    test(`is refused with ${want.status} ${want.code} and leaves nothing behind`, async () => {
      const run = await runCase(client, c);
      expect(run.act.status).toBe(want.status);
      if (c.operation !== 'head-object') expect(run.act.code).toBe(want.code);
      else expect(run.act.body).toHaveLength(0);
      expect(run.sideEffect).toBe(false);
    });
  }
});
