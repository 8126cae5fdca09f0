import type { S3Client } from '@aws-sdk/client-s3';
import type { Target } from '../config/settings';
import type { Redactor } from '../redact/redact';
import type { Agents } from '../transport/agents';
import type { SseCKey } from './sse';

/** Everything a case needs to run: where, with what, and under which prefix. */
export interface EngineContext {
  target: Target;
  agents: Agents;
  trusted: S3Client;
  redactor: Redactor;
  timeoutMs: number;
  strict: boolean;
  /** Every key the run creates starts with this (ends with '/'); nothing else is touched. */
  prefix: string;
  ssec: SseCKey;
  /** Set on SIGINT: no new case starts. */
  aborted: { value: boolean };
  fixtures: FixtureCache;
}

/** Shared read-only source objects, one per encryption, made once per run (per suite). */
export type FixtureCache = Map<string, Promise<{ key: string; body: Buffer; problem?: string }>>;
