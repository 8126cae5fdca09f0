import type { Target } from '../config/settings';
import type { CaseFilter } from '../matrix/filter';
import type { Profile } from '../profile/types';

/**
 * What a conformance run needs, handed from the CLI (or jest's global setup) to the suites
 * through one environment variable, since jest runs suites in their own module registries.
 */
export interface RunOptions {
  runId: string;
  startedAt: string;
  /** Root of the report folders: <reportRoot>/<runId>/ and <reportRoot>/latest/. */
  reportRoot: string;
  profile: string;
  /** The profile itself, validated once by global setup (schema validation costs ~100 ms a load). */
  profileData: Profile;
  strict: boolean;
  concurrency: number;
  timeoutMs: number;
  filter: CaseFilter;
  target: Target;
  /** Print a live progress line (TTY) or one plain line per cell (CI). */
  progress: 'tty' | 'lines' | 'off';
  /** `i/n` when this run is one shard of a larger one. */
  shard?: string;
  /** Wait before the final side-effect re-check (ms). */
  settleMs: number;
  /** Seed of the judging order, drawn once per run when not given, so every suite shares it. */
  seed: number;
}

/** `--settle` when not given. */
export const DEFAULT_SETTLE_MS = 2000;

export const RUN_ENV = 'SSE_CONFORMANCE_RUN';
/** Set by the CLI before jest starts: the flags, for global setup to complete into RunOptions. */
export const REQUEST_ENV = 'SSE_CONFORMANCE_REQUEST';

export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

export function readRunOptions(env: NodeJS.ProcessEnv = process.env): RunOptions {
  const raw = env[RUN_ENV];
  if (!raw) throw new Error(`${RUN_ENV} is not set: the conformance suites run through "sse-conformance run" or jest's global setup`);
  return JSON.parse(raw) as RunOptions;
}
