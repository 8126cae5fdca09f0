import type { Operation } from '../matrix/types';
import type { Auth, Encryption, Protocol } from '../profile/types';
import type { EngineContext } from '../engine/context';
import type { SignedRequestSpec } from '../engine/act';
import type { HttpResponse } from '../transport/send';
import type { Severity } from '../verdict/types';

/** What a request exercises: a case, or its unencrypted control. */
export interface Shape {
  operation: Operation;
  source: Encryption | null;
  target: Encryption;
  protocol: Protocol;
  auth: Auth;
  /** Unique key stem for this shape's objects, under the run prefix. */
  key: string;
}

/** Fixture state the request works on, and the bytes that must end up stored. */
export interface Arranged {
  key: string;
  body: Buffer;
  uploadId?: string;
  sourceKey?: string;
  /** Set when the encrypted source object could not be made encrypted: the cell cannot pass. */
  sourceProblem?: string;
}

export type Check = { verdict: 'pass' } | { verdict: 'fail'; severity: Severity; reason: string } | { verdict: 'error'; reason: string };

export const PASS: Check = { verdict: 'pass' };

export interface Scenario {
  /** Fixtures through the trusted path (HTTPS, V4, the AWS SDK). */
  arrange(ctx: EngineContext, s: Shape): Promise<Arranged>;
  /** The one request under test, with exactly the shape's protocol and signature version. */
  request(ctx: EngineContext, s: Shape, a: Arranged): SignedRequestSpec;
  /** After a 2xx: the answer confirms the encryption, and the effect is really there, encrypted as asked. */
  verifyAccepted(ctx: EngineContext, s: Shape, a: Arranged, res: HttpResponse): Promise<Check>;
  /** After a refusal: what changed that must not have (null: nothing). */
  sideEffect(ctx: EngineContext, s: Shape, a: Arranged): Promise<string | null>;
}
