import { inProcessProbe } from '../at-rest/probe';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint } from '../reference-endpoint';
import { runAgainst, targetOf } from './run-against';

// The at-rest probe must be able to fail: an endpoint that keeps SSE as bookkeeping (stores
// plaintext, yet echoes, enforces and demands the SSE-C key as if encrypted) passes every cell
// through the API, and fails every accept cell that stores or reads encrypted data once the
// probe looks at the stored bytes.
const cases = expandProfile(loadProfile('obs'));
// Accept cells whose objects were asked to be encrypted: writes into SSE, and reads of SSE objects.
const affected = new Set(cases.filter((c) => c.expected === 'accept' && c.target !== 'plain').map((c) => c.id));

jest.setTimeout(5 * 60 * 1000);

test('bookkeeping fault: without the probe every cell passes (honestly: the API cannot tell)', async () => {
  const ep = await startReferenceEndpoint({ fault: 'bookkeeping' });
  try {
    const { results, atRest } = await runAgainst(targetOf(ep), cases);
    expect(results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(atRest).toBeUndefined();
    expect(results.filter((r) => r.atRest !== undefined)).toEqual([]);
    for (const r of results.filter((x) => x.expected === 'accept')) expect(r.reason).toMatch(/; verified through the API only$/);
  } finally {
    await ep.close();
  }
});

test('bookkeeping fault: with the probe every affected accept cell is FAIL downgrade "stored in plaintext at rest", and no other cell', async () => {
  expect(affected.size).toBeGreaterThan(50);
  const ep = await startReferenceEndpoint({ fault: 'bookkeeping' });
  try {
    const { results, atRest, leftovers } = await runAgainst(targetOf(ep), cases, { atRest: inProcessProbe(ep) });
    expect(atRest).toMatchObject({ probe: 'builtin', ok: true });
    for (const r of results) {
      if (affected.has(r.id)) {
        expect({ id: r.id, verdict: r.verdict, severity: r.severity, atRest: r.atRest, reason: r.reason }).toEqual({
          id: r.id,
          verdict: 'fail',
          severity: 'downgrade',
          atRest: 'plaintext',
          reason: expect.stringMatching(/^stored in plaintext at rest: /),
        });
      } else {
        // Unencrypted targets are stored in clear as asked; refused cells stored nothing.
        expect({ id: r.id, verdict: r.verdict, atRest: r.atRest }).toEqual({ id: r.id, verdict: 'pass', atRest: r.expected === 'accept' ? 'verified' : 'not-probed' });
      }
    }
    expect(leftovers).toBe(0);
  } finally {
    await ep.close();
  }
});
