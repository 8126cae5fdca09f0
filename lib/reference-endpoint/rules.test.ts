import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { runCase, echoesEncryption } from './test-support/cases';
import { TestClient } from './test-support/client';

// Every cell of the obs profile's four tables, on the endpoint directly: real requests signed
// by the harness's signers, the endpoint verifying with its own (aws4).
const cases = expandProfile(loadProfile('obs'));
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

test('the obs profile expands to 128 cases, 48 of them refusals', () => {
  expect(cases).toHaveLength(128);
  expect(cases.filter((c) => c.expected === 'reject')).toHaveLength(48);
});

describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  if (c.expected === 'accept') {
    test('is accepted, encrypted as asked, and reads back', async () => {
      const run = await runCase(client, c);
      expect({ status: run.act.status, code: run.act.code }).toEqual({ status: c.operation === 'post-object' ? 204 : 200, code: undefined });
      expect(run.act.headers['x-sse-conformance-case']).toBe(c.id);
      expect(echoesEncryption(run.act, c.target, run.key, ep.kmsKeyId)).toBe(true);
      if (run.readBackOk !== undefined) expect(run.readBackOk).toBe(true);
      if (!['head-object', 'get-object'].includes(c.operation)) expect(run.sideEffect).toBe(true);
    });
  } else {
    test(`is refused with ${c.expectedError?.status} ${c.expectedError?.code} and leaves nothing behind`, async () => {
      const run = await runCase(client, c);
      expect(run.act.status).toBe(c.expectedError!.status);
      if (c.operation !== 'head-object') expect(run.act.code).toBe(c.expectedError!.code);
      else expect(run.act.body).toHaveLength(0);
      expect(run.sideEffect).toBe(false);
    });
  }
});
