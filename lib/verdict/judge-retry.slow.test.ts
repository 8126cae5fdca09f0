// A try whose proven look fails (a witness answering 503) must stay registered for the final
// re-check: otherwise --retries judges the cell again, the next try passes, and a late write behind
// the first try is never seen. The witness failure and the late write are staged inside the
// harness's own scenario (the endpoint is the real reference endpoint).
import { putObject, TrustedStepError } from '../engine/trusted-ops';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runConformance } from '../run/run';
import { SCENARIOS } from '../scenarios';
import { targetOf } from '../self-check/run-against';

jest.setTimeout(60000);

let ep: ReferenceEndpoint;
const original = SCENARIOS['put-object'];
beforeAll(async () => {
  ep = await startReferenceEndpoint();
});
afterAll(async () => {
  (SCENARIOS as Record<string, unknown>)['put-object'] = original;
  await ep?.close();
});

test('a late write behind a try whose proven look failed is still an exposure with --retries', async () => {
  const cell = expandProfile(loadProfile('obs')).filter((c) => c.id === 'sse-c/put-object/http-v4');
  let staged = false;
  (SCENARIOS as Record<string, unknown>)['put-object'] = {
    ...original,
    async sideEffect(...args: Parameters<typeof original.sideEffect>) {
      const [ctx, , arranged, known] = args;
      if (known && !staged) {
        // After the control: the refused write lands, and the witness is throttled.
        staged = true;
        await putObject(ctx, arranged.key, 'plain', Buffer.from('a late write behind the refusal'));
        throw new TrustedStepError('witness: HEAD without the SSE-C key', 503, 'SlowDown', '503 SlowDown');
      }
      return original.sideEffect(...args);
    },
  };
  const { results } = await runConformance({ runId: 'judge-retry', retries: 1, settleMs: 0, timeoutMs: 5000 }, { target: targetOf(ep), cases: cell, writeReports: false });
  const c = results.cases[0]!;
  expect(staged).toBe(true);
  expect({ verdict: c.verdict, severity: c.severity }).toEqual({ verdict: 'fail', severity: 'exposure' });
  expect(c.reason).toMatch(/^an earlier try \(attempt 1 of 2\): .*late write/);
  // The earlier try records the answer it got, not "no answer".
  expect(c.attempts?.[0]?.observed.status).toBe(400);
});
