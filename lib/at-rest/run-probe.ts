// The at-rest step of a run: after the last cell, before cleanup (the objects must still exist),
// read what the endpoint really stored for every object an accept cell verified, and amend the
// cells. Unencrypted objects are the probe's own check (see verdicts.ts).
import pLimit from 'p-limit';
import type { EngineContext } from '../engine/context';
import { opaqueName } from '../engine/keys';
import { putObject } from '../engine/trusted-ops';
import { payload } from '../scenarios/stored';
import type { AtRestRun, CaseResult, Exchange } from '../verdict/types';
import type { ProbeRead } from './command';
import { ledgerOf, type StoredObject } from './ledger';
import type { AtRestProbe } from './probe';
import { amendCell, consistencyProblem, findingOf, probeExchange, selfCheckProblem, type ObjectFinding } from './verdicts';

/**
 * Cells whose objects are known present with known bytes: the API verified them (a missing echo
 * aside), or found them stored without the encryption asked for (downgrade: the probe only adds what it sees).
 */
function probed(r: CaseResult): boolean {
  return r.expected === 'accept' && (r.verdict === 'pass' || (r.verdict === 'fail' && (r.severity === 'interop' || r.severity === 'downgrade')));
}

export async function probeStoredBytes(ctx: EngineContext, cases: CaseResult[], probe: AtRestProbe, o: { concurrency: number }): Promise<{ cases: CaseResult[]; run: AtRestRun }> {
  const ledger = ledgerOf(ctx);
  const bucket = ctx.target.bucket;
  // One unencrypted object of the run's own, so that the probe is checked even when no selected cell wrote one.
  let calibration: StoredObject | undefined;
  let calibrationProblem: string | undefined;
  try {
    const c = { key: `${ctx.prefix}${opaqueName()}`, plaintext: payload(), encrypted: false };
    await putObject(ctx, c.key, 'plain', c.plaintext);
    calibration = c;
  } catch (e) {
    calibrationProblem = `the unencrypted calibration object could not be written (${(e as Error).message})`;
  }
  const objects = new Map<string, StoredObject>();
  if (calibration) objects.set(calibration.key, calibration);
  for (const r of cases) if (probed(r)) for (const x of ledger.get(r.id) ?? []) objects.set(x.key, x);

  const limit = pLimit(Math.max(1, Math.min(o.concurrency, 8)));
  const reads = new Map<string, { finding: ObjectFinding; evidence: Exchange; bytes?: Buffer }>();
  await Promise.all(
    [...objects.values()].map((x) =>
      limit(async () => {
        const started = performance.now();
        const r: ProbeRead = await probe.read(bucket, x.key);
        const finding = findingOf(x, r);
        const evidence = probeExchange(probe.name, bucket, x, r, finding, Math.round(performance.now() - started), ctx.redactor);
        reads.set(x.key, { finding, evidence, ...(r.kind !== 'not-found' && r.bytes ? { bytes: r.bytes } : {}) });
      }),
    ),
  );
  const plain = [...objects.values()].filter((x) => !x.encrypted).map((x) => ({ key: x.key, finding: reads.get(x.key)!.finding }));
  const problem =
    calibrationProblem ?? selfCheckProblem(plain) ?? consistencyProblem([...objects.values()].map((object) => ({ object, bytes: reads.get(object.key)!.bytes })));
  const amended = cases.map((r) => {
    const mine = probed(r) ? (ledger.get(r.id) ?? []) : [];
    return amendCell(
      r,
      mine.map((object) => {
        const { finding, evidence } = reads.get(object.key)!;
        return { object, finding, evidence };
      }),
      problem,
    );
  });
  return { cases: amended, run: { probe: probe.name, ok: problem === null, ...(problem ? { problem: ctx.redactor.text(problem) } : {}), objects: objects.size } };
}
