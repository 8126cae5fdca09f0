import { checkPemFile } from '../config/files';
import { parseSettings, readRawSettings, type Settings, type Target } from '../config/settings';
import type { RunRequest } from '../run/run';

/** Settings from .env (or --env-file), with the CLI's flags laid over them. */
export function settingsFor(req: RunRequest): Settings {
  const raw = readRawSettings(req.envFile);
  if (req.profile) raw.SSE_PROFILE = req.profile;
  const s = parseSettings(raw);
  if (s.target) {
    if (req.caFile !== undefined) s.target.caFile = checkPemFile('--ca-file', req.caFile);
    if (req.insecure) s.target.tlsInsecure = true;
  }
  return s;
}

export function liveTarget(s: Settings): Target | null {
  return s.target ? { ...s.target, embedded: false } : null;
}
