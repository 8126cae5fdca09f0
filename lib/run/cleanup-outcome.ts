import type { Engine } from '../engine/engine';
import { ListingStopped } from '../engine/listing-bounds';
import { unsafeKeyReason } from '../engine/safe-key';
import { keysUnder, TrustedStepError, uploadsUnder } from '../engine/trusted-ops';
import type { CleanupOutcome } from '../verdict/types';

// After the cells: the engine deletes what the run wrote, then its prefix is listed again (a refusal
// may be a 200 that deleted nothing). The outcome goes into results.json (`cleanup`) and the exit code.

/** Step, status and code only: an endpoint's message text never reaches a report from here. */
function describeFailure(e: unknown): string {
  // A listing the harness stopped (lib/engine/listing-bounds.ts): the reason is its own text.
  if (e instanceof TrustedStepError && e.cause instanceof ListingStopped) return `${e.step}: ${e.cause.message}`.replace(/[^\x20-\x7e]/g, '');
  if (e instanceof TrustedStepError) {
    const code = e.code && /^[A-Za-z0-9.]{1,64}$/.test(e.code) ? ` ${e.code}` : '';
    return `${e.step}: ${e.status ?? 'no answer'}${code}`.replace(/[^\x20-\x7e]/g, '');
  }
  return 'cleanup: failed';
}

/** Runs the engine's cleanup, then lists what is still under its prefix (a refusal may be a 200 that deleted nothing). */
export async function cleanUp(engine: Engine): Promise<CleanupOutcome> {
  // The engine writes under an opaque folder of the run's prefix; what is left is counted, and
  // reported, for the whole run prefix (`cleanup --run <id>` deletes that).
  const prefix = engine.ctx.prefix.replace(/[^/]+\/$/, '');
  const failures: string[] = [];
  try {
    await engine.cleanup();
  } catch (e) {
    failures.push(describeFailure(e));
  }
  let left: number | null = null;
  let skipped = 0;
  try {
    const [objects, uploads] = await Promise.all([keysUnder(engine.ctx, prefix), uploadsUnder(engine.ctx, prefix)]);
    const keys = [...objects, ...uploads.map((u) => u.key)];
    left = keys.length;
    skipped = keys.filter((k) => unsafeKeyReason(k, prefix) !== null).length;
  } catch (e) {
    failures.push(describeFailure(e));
  }
  return { ok: failures.length === 0 && left === 0, prefix, left, skipped, failures };
}
