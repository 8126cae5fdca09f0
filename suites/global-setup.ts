import { randomInt } from 'node:crypto';
import { targetOf } from '../lib/engine/embedded-target';
import { preflight } from '../lib/engine/engine';
import { liveTarget, settingsFor } from '../lib/engine/resolve-target';
import { DEFAULT_SETTLE_MS, newRunId, RUN_ENV, type RunOptions } from '../lib/engine/run-options';
import { readRunRequest } from '../lib/engine/run-request';
import { loadProfile } from '../lib/profile/load';
import { startReferenceEndpoint } from '../lib/reference-endpoint';
import type { Target } from '../lib/config/settings';
import { setEmbeddedEndpoint } from './support/embedded';

/**
 * Resolves the target once for the whole run: the endpoint named in .env, or the embedded
 * reference endpoint started here, in-process, enforcing the same profile.
 */
export default async function globalSetup(): Promise<void> {
  const req = readRunRequest();
  const settings = settingsFor(req);
  const profile = loadProfile(settings.profile);
  let target: Target | null = liveTarget(settings);
  if (!target) {
    const ep = await startReferenceEndpoint({ profile });
    setEmbeddedEndpoint(ep);
    target = targetOf(ep);
    if (settings.userAgent !== undefined) target.userAgent = settings.userAgent;
  }
  await preflight(target, req.timeoutMs ?? settings.timeoutMs);
  const startedAt = new Date();
  const opts: RunOptions = {
    runId: req.runId ?? newRunId(startedAt),
    startedAt: startedAt.toISOString(),
    reportRoot: req.reportRoot ?? 'reports',
    profile: settings.profile,
    profileData: profile,
    strict: req.strict ?? false,
    concurrency: req.concurrency ?? settings.concurrency,
    timeoutMs: req.timeoutMs ?? settings.timeoutMs,
    filter: req.filter ?? {},
    target,
    progress: req.progress ?? 'off',
    ...(req.shard ? { shard: req.shard } : {}),
    settleMs: req.settleMs ?? DEFAULT_SETTLE_MS,
    // Drawn here, once: the suites run in separate module registries and must share one order seed.
    seed: req.seed ?? randomInt(0, 2 ** 32),
  };
  process.env[RUN_ENV] = JSON.stringify(opts);
}
