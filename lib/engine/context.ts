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
  /** SSE-C keys made ahead for the cells of a run (see fillKeyPool). */
  keyPool: SseCKey[];
  /** Witness checks made once per run, by name: what a witness is blind to, or null. */
  witnessChecks: Map<string, Promise<string | null>>;
  /** What the run wrote where, and what its listings showed besides (./account.ts). */
  accounts: import('./account').Accounts;
  /** Cells whose request under test was not accepted: re-checked for late writes after the last cell. */
  refused: RefusedCell[];
  /**
   * Set during the final sweep: one listing of the whole run prefix (objects, uploads) serves every
   * cell's re-check instead of a listing and HEADs per cell.
   */
  sweep?: { keys(): Promise<string[]>; uploads(): Promise<{ key: string; uploadId: string }[]> };
  /**
   * `repro --curl` only: told the request under test as it goes out, signed and unredacted (./act.ts),
   * so that the same request can be given to a person. In memory only: never recorded, never logged.
   */
  onSigned?: OnSigned;
}

/** The request under test as it goes out on the wire: unredacted, secrets included. */
export interface SignedRequest {
  method: string;
  url: string;
  /** In the client's order and case, as sent. */
  headers: Record<string, string>;
  body?: Buffer;
}

export type OnSigned = (step: string, request: SignedRequest) => void;

export interface RefusedCell {
  id: string;
  /** The cell's folder under the run prefix: what a late write behind its refusal would land in. */
  folder: string;
  /** The cell's evidence and request count, where the re-check is recorded too. */
  scope: import('./case-scope').CaseScope;
  /** performance.now() when the answer came. */
  at: number;
  /** Looks again (proven when the control was accepted), recording into the cell's own evidence. */
  look(): Promise<import('../verdict/rules').WitnessReport>;
}

/** Shared read-only source objects, one per encryption, made once per run (per suite). */
export type FixtureCache = Map<string, Promise<{ key: string; body: Buffer; problem?: string }>>;
