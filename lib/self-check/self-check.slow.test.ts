import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint } from '../reference-endpoint';
import { byId, runAgainst, targetOf } from './run-against';
import { mayBeBlocked, reachOf } from './mutants';

// The harness must be able to fail every cell: break one rule at a time in the reference
// endpoint and see exactly that cell flagged.
const profile = loadProfile('obs');
const cases = expandProfile(profile);

jest.setTimeout(10 * 60 * 1000);

test('a mutant reaches every cell whose requests consult its rule (checked on a real run)', async () => {
  // The endpoint names the rule it decided by on every answer (x-sse-conformance-case): a cell
  // whose evidence shows another cell's rule can be changed by inverting it, so must be in its reach.
  const ep = await startReferenceEndpoint({ profile });
  try {
    const { results } = await runAgainst(targetOf(ep), cases);
    expect(results.filter((r) => r.verdict !== 'pass').map((r) => r.id)).toEqual([]);
    const outside: string[] = [];
    let consultedByOthers = 0;
    for (const r of results) {
      for (const e of r.evidence) {
        const rule = e.response?.headers['x-sse-conformance-case'];
        if (rule === undefined || rule === r.id) continue;
        const m = cases.find((x) => x.id === rule);
        if (!m) {
          outside.push(`${r.id}: consults ${rule}, not a cell`);
          continue;
        }
        if (!m.id.endsWith('/https-v4')) consultedByOthers++;
        if (!reachOf(m, cases).some((c) => c.id === r.id)) outside.push(`${r.id} (${e.step}) consults ${rule}`);
      }
    }
    expect(outside).toEqual([]);
    // Not vacuous: the copy tables' reject cells consult their plain-to-plain control's rule.
    expect(consultedByOthers).toBeGreaterThan(0);
  } finally {
    await ep.close();
  }
});

describe('single-cell mutants: the inverted cell fails, nothing else does', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, mutant) => {
    const ep = await startReferenceEndpoint({ profile, invert: [mutant.id] });
    try {
      const { results, leftovers } = await runAgainst(targetOf(ep), reachOf(mutant, cases));
      const got = byId(results);
      const m = got.get(mutant.id)!;
      expect({ id: m.id, verdict: m.verdict, severity: m.severity }).toEqual({
        id: mutant.id,
        verdict: 'fail',
        severity: mutant.expected === 'accept' ? 'interop' : 'exposure',
      });
      for (const r of results) {
        if (r.id === mutant.id) continue;
        const c = cases.find((x) => x.id === r.id)!;
        const allowed = mayBeBlocked(mutant, c) ? ['pass', 'error'] : ['pass'];
        expect({ id: r.id, verdict: r.verdict, reason: r.reason }).toEqual({ id: r.id, verdict: expect.stringMatching(new RegExp(`^(${allowed.join('|')})$`)), reason: r.reason });
      }
      expect(leftovers).toBe(0);
    } finally {
      await ep.close();
    }
  });
});

describe('fault modes', () => {
  test('plaintext: every accept cell that asks for, reads or copies encryption fails as downgrade', async () => {
    const ep = await startReferenceEndpoint({ profile, fault: 'plaintext' });
    try {
      const { results } = await runAgainst(targetOf(ep), cases);
      for (const r of results) {
        const c = cases.find((x) => x.id === r.id)!;
        const got = { id: r.id, verdict: r.verdict, ...(r.severity ? { severity: r.severity } : {}) };
        if (c.expected === 'accept') {
          // Encryption asked for on the target, or a copy from a source that was to be encrypted (it is not).
          const involvesEncryption = c.target !== 'plain' || (c.source !== null && c.source !== 'plain');
          const want = involvesEncryption ? { verdict: 'fail', severity: 'downgrade' } : { verdict: 'pass' };
          expect(got).toEqual({ id: r.id, ...want });
        } else if (got.verdict !== 'pass') {
          // A request that carries no SSE header of its own (GET of a KMS object, a part into a KMS or SSE-C
          // upload) is decided by what is stored, which is plaintext now: letting it through over HTTP or V2
          // is rightly an exposure.
          expect(got).toEqual({ id: r.id, verdict: 'fail', severity: 'exposure' });
        } else {
          expect(got).toEqual({ id: r.id, verdict: 'pass' });
        }
      }
    } finally {
      await ep.close();
    }
  });

  test('refuse-v2: V2 accept cells fail as interop, V2 reject cells are inconclusive, V4 cells pass', async () => {
    const ep = await startReferenceEndpoint({ profile, fault: 'refuse-v2' });
    try {
      const { results } = await runAgainst(targetOf(ep), cases);
      for (const r of results) {
        const c = cases.find((x) => x.id === r.id)!;
        let want: object = { verdict: 'pass' };
        if (c.auth === 'v2') want = c.expected === 'accept' ? { verdict: 'fail', severity: 'interop' } : { verdict: 'error', inconclusive: true };
        const got = { verdict: r.verdict, ...(r.severity ? { severity: r.severity } : {}), ...(r.verdict === 'error' ? { inconclusive: r.reason.startsWith('inconclusive') } : {}) };
        expect({ id: r.id, ...got }).toEqual({ id: r.id, ...want });
      }
    } finally {
      await ep.close();
    }
  });

  test('key-confusion: copies that open an SSE-C source with the destination key, or keep the source KMS key, fail; the rest pass', async () => {
    const ep = await startReferenceEndpoint({ profile, fault: 'key-confusion' });
    try {
      const { results } = await runAgainst(targetOf(ep), cases);
      for (const r of results) {
        const c = cases.find((x) => x.id === r.id)!;
        let want: object = { verdict: 'pass' };
        if (c.expected === 'accept' && (c.table === 'copy' || c.table === 'upload-part-copy') && c.source === 'sse-c' && c.target === 'sse-c') want = { verdict: 'fail', severity: 'interop' };
        if (c.expected === 'accept' && c.operation === 'copy-object' && c.source === 'sse-kms' && c.target === 'sse-kms') want = { verdict: 'fail', severity: 'downgrade' };
        expect({ id: r.id, verdict: r.verdict, ...(r.severity ? { severity: r.severity } : {}) }).toEqual({ id: r.id, ...want });
      }
    } finally {
      await ep.close();
    }
  });

  test('error-500: every cell is ERROR, none passes or fails', async () => {
    const ep = await startReferenceEndpoint({ profile, fault: 'error-500' });
    try {
      const { results } = await runAgainst(targetOf(ep), cases);
      expect(new Set(results.map((r) => r.verdict))).toEqual(new Set(['error']));
    } finally {
      await ep.close();
    }
  });

  test('closed port: every cell is ERROR', async () => {
    const ep = await startReferenceEndpoint({ profile });
    // Keep a copy of the CA: the closed endpoint's own file may be gone by the time the run starts.
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sse-closed-')), 'ca.pem');
    fs.copyFileSync(ep.caFile, caFile);
    const target = { ...targetOf(ep), caFile };
    await ep.close();
    const { results } = await runAgainst(target, cases, { timeoutMs: 2000 });
    expect(new Set(results.map((r) => r.verdict))).toEqual(new Set(['error']));
  });
});
