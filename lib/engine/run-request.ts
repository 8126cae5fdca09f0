import type { CaseFilter } from '../matrix/filter';
import { REQUEST_ENV } from './run-options';

/** The CLI's flags as handed to jest's global setup (all optional: `jest` alone runs the defaults). */
export interface RunRequest {
  envFile?: string;
  profile?: string;
  strict?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  filter?: CaseFilter;
  reportRoot?: string;
  caFile?: string;
  insecure?: boolean;
  progress?: 'tty' | 'lines' | 'off';
  runId?: string;
  shard?: string;
  /** `--settle`: wait before the final side-effect re-check (ms). */
  settleMs?: number;
  /** `--seed`: seed of the judging order; absent, global setup draws one for the whole run. */
  seed?: number;
}

export function readRunRequest(env: NodeJS.ProcessEnv = process.env): RunRequest {
  const raw = env[REQUEST_ENV];
  return raw ? (JSON.parse(raw) as RunRequest) : {};
}
