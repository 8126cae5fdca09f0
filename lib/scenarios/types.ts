import type { Operation } from '../matrix/types';
import type { Auth, Encryption, Protocol } from '../profile/types';
import type { EngineContext } from '../engine/context';
import type { SignedRequestSpec } from '../engine/act';
import type { HttpResponse } from '../transport/send';
import type { SseCKey } from '../engine/sse';
import type { Check, WitnessReport } from '../verdict/rules';

export type { Check, WitnessReport };

/** What a request exercises: a case, or its unencrypted control. */
export interface Shape {
  operation: Operation;
  source: Encryption | null;
  target: Encryption;
  protocol: Protocol;
  auth: Auth;
  /** The cell's folder under the run prefix (ends with '/'): its objects, its control's and its witnesses'. */
  folder: string;
  /** Opaque key of what this shape writes or works on, inside the folder. */
  key: string;
  /** The keys of what it writes: its own SSE-C key (never a fixture's) and the KMS key asked for. */
  keys: { ssec: SseCKey; kmsKeyId: string | undefined };
}

/** Fixture state the request works on, and the bytes that must end up stored. */
export interface Arranged {
  key: string;
  body: Buffer;
  uploadId?: string;
  sourceKey?: string;
  /** Set when the encrypted source object could not be made encrypted: the cell cannot pass. */
  sourceProblem?: string;
  /** A part put into the cell's upload through the trusted path, to show ListParts sees parts. */
  knownPart?: Promise<number>;
}

/** The control of a refused cell, once accepted: what it made is known to be there. */
export interface Known {
  shape: Shape;
  arranged: Arranged;
}

export const PASS: Check = { verdict: 'pass' };

export interface Scenario {
  /** Fixtures through the trusted path (HTTPS, V4, the AWS SDK). */
  arrange(ctx: EngineContext, s: Shape): Promise<Arranged>;
  /** The one request under test, with exactly the shape's protocol and signature version. */
  request(ctx: EngineContext, s: Shape, a: Arranged): SignedRequestSpec;
  /** After a 2xx: the answer confirms the encryption, and the effect is really there, encrypted as asked. */
  verifyAccepted(ctx: EngineContext, s: Shape, a: Arranged, res: HttpResponse): Promise<Check>;
  /**
   * After an answer that is not an acceptance: what is there that must not be. Without `known`
   * (right after the answer) presence only; with the accepted control's `known`, every witness
   * must also be shown to see a thing known to be there (else `blind`).
   */
  sideEffect(ctx: EngineContext, s: Shape, a: Arranged, known?: Known): Promise<WitnessReport>;
}
