import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../lib/engine/engine';
import { RUN_PREFIX_ROOT } from '../../lib/engine/prefix';
import { unsafeKeyReason } from '../../lib/engine/safe-key';
import { keysUnder, TrustedStepError, uploadsUnder } from '../../lib/engine/trusted-ops';
import type { CleanupOutcome } from '../../lib/verdict/types';

// Each suite cleans its own sub-prefix in afterAll, after its verdicts were written: the outcome goes
// beside them in the parts folder, and the reporter joins it into results.json (`cleanup`).

const SUFFIX = '.cleanup.json';

export function isCleanupPart(file: string): boolean {
  return file.endsWith(SUFFIX);
}

/** Step, status and code only: an endpoint's message text never reaches a report from here. */
function describeFailure(e: unknown): string {
  if (e instanceof TrustedStepError) {
    const code = e.code && /^[A-Za-z0-9.]{1,64}$/.test(e.code) ? ` ${e.code}` : '';
    return `${e.step}: ${e.status ?? 'no answer'}${code}`.replace(/[^\x20-\x7e]/g, '');
  }
  return 'cleanup: failed';
}

/** Runs the engine's cleanup, then lists what is still under its prefix (a refusal may be a 200 that deleted nothing). */
export async function cleanUp(engine: Engine): Promise<CleanupOutcome> {
  const prefix = engine.ctx.prefix;
  const failures: string[] = [];
  try {
    await engine.cleanup();
  } catch (e) {
    failures.push(describeFailure(e));
  }
  let left: number | null = null;
  let skipped = 0;
  try {
    const keys = [...(await keysUnder(engine.ctx, prefix)), ...(await uploadsUnder(engine.ctx, prefix)).map((u) => u.key)];
    left = keys.length;
    skipped = keys.filter((k) => unsafeKeyReason(k, prefix) !== null).length;
  } catch (e) {
    failures.push(describeFailure(e));
  }
  return { ok: failures.length === 0 && left === 0, prefix, left, skipped, failures };
}

export function writeCleanupPart(partsDir: string, table: string, outcome: CleanupOutcome): void {
  fs.mkdirSync(partsDir, { recursive: true });
  fs.writeFileSync(path.join(partsDir, `${table}${SUFFIX}`), JSON.stringify(outcome));
}

/** The suites' outcomes as one, under the run's prefix; undefined when no suite cleaned up (nothing ran). */
export function joinCleanupParts(partsDir: string, runId: string): CleanupOutcome | undefined {
  if (!fs.existsSync(partsDir)) return undefined;
  const parts = fs
    .readdirSync(partsDir)
    .filter(isCleanupPart)
    .map((f) => JSON.parse(fs.readFileSync(path.join(partsDir, f), 'utf8')) as CleanupOutcome);
  if (parts.length === 0) return undefined;
  return {
    ok: parts.every((p) => p.ok),
    prefix: `${RUN_PREFIX_ROOT}${runId}/`,
    left: parts.some((p) => p.left === null) ? null : parts.reduce((n, p) => n + (p.left ?? 0), 0),
    skipped: parts.reduce((n, p) => n + p.skipped, 0),
    failures: [...new Set(parts.flatMap((p) => p.failures))],
  };
}
