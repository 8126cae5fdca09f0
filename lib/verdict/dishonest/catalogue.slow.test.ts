// Runs every dishonest endpoint of the catalogue against the real run path and asks its own check
// whether the judge saw through it: a cell it touched may only get one of the verdicts its
// metadata allows (never PASS).
import { expandProfile } from '../../matrix/expand';
import { loadProfile } from '../../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../../reference-endpoint';
import type { Fault } from '../../reference-endpoint/state';
import { targetOf } from '../../engine/embedded-target';
import { runConformance } from '../../run/run';
import { startDishonestProxy } from '../test-support/dishonest-proxy';
import { loadBehaviour, loadMeta, metaFlags } from './catalogue';

jest.setTimeout(180000);

const ALL = expandProfile(loadProfile('obs'));
const REJECT_IDS = ALL.filter((c) => c.expected === 'reject').map((c) => c.id);

describe.each(metaFlags())('%s', (flag) => {
  let ep: ReferenceEndpoint | undefined;
  afterAll(async () => {
    await ep?.close();
  });

  test('the judge gives none of the cells it touches a PASS', async () => {
    const meta = loadMeta(flag);
    const b = loadBehaviour(flag);
    ep = await startReferenceEndpoint({
      profile: 'obs',
      ...(b.storesRefused ? { invert: REJECT_IDS } : {}),
      ...(b.endpoint?.fault ? { fault: b.endpoint.fault as Fault } : {}),
      ...(b.endpoint?.secretAccessKey ? { secretAccessKey: b.endpoint.secretAccessKey } : {}),
    });
    const proxy = b.behave ? await startDishonestProxy(ep, b.behave) : null;
    try {
      const target = { ...(proxy ? proxy.target : targetOf(ep)), ...b.target };
      const { results } = await runConformance(
        { runId: `dishonest-${flag}`, timeoutMs: b.timeoutMs ?? 5000, strict: false, concurrency: 8, settleMs: b.settleMs ?? 0 },
        // The proxy knows the trusted path by the test mark alone (nothing a real endpoint sees tells it apart).
        { target, cases: b.cases(ALL), writeReports: false, markTrusted: true },
      );
      const { touched } = b.check({ results: results.cases, leftovers: results.cleanup?.left ?? -1, run: results });
      expect(touched).toBeGreaterThan(0);
      // Whatever the check asserted, a cell that failed or errored got a verdict the metadata allows.
      for (const r of results.cases.filter((x) => x.verdict === 'fail')) {
        expect({ id: r.id, allowed: meta.expected.some((e) => e.verdict === 'fail' && (!e.severity || e.severity === r.severity)) }).toEqual({ id: r.id, allowed: true });
      }
    } finally {
      await proxy?.close();
    }
  });
});
