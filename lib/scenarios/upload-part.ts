import { ssecKeyHeaders } from '../engine/sse';
import { completeUpload, createUpload, uploadPart as trustedUploadPart } from '../engine/trusted-ops';
import { otherKeyPart } from './other-keys';
import { firstProblem, payload, responseEcho, verifyStored } from './stored';
import type { Check, Scenario } from './types';
import type { EngineContext } from '../engine/context';
import type { Arranged, Known, Shape } from './types';
import { lookForPart } from './witness';

/** After a part is accepted: complete the upload through the trusted path and read the object back. */
export async function verifyPartStored(ctx: EngineContext, s: Shape, a: Arranged, etag: string | undefined): Promise<Check> {
  if (!etag) return { verdict: 'error', reason: 'accepted, but the answer carries no ETag', cause: 'unexpected-answer' };
  await completeUpload(ctx, a.key, a.uploadId!, [{ n: 1, etag }]);
  // A part copied from an SSE-C source must not open with the source's key.
  return verifyStored(ctx, a.key, s.target, a.body, s.keys, s.source === 'sse-c' ? ctx.ssec : undefined);
}

/**
 * Part 1 (the refused one) must not be in the cell's upload. Once the control was accepted, a part 2
 * is put into the same upload through the trusted path, and the same ListParts must show it.
 */
export async function lookForRefusedPart(ctx: EngineContext, s: Shape, a: Arranged, known?: Known) {
  if (known) a.knownPart ??= trustedUploadPart(ctx, a.key, a.uploadId!, 2, s.target, Buffer.from('known part'), s.keys).then(() => 2);
  return lookForPart(ctx, a.key, a.uploadId!, 1, known ? await a.knownPart : undefined);
}

export const uploadPart: Scenario = {
  async arrange(ctx, s) {
    return { key: s.key, body: payload(), uploadId: await createUpload(ctx, s.key, s.target, s.keys) };
  },
  request(ctx, s, a) {
    return {
      method: 'PUT',
      protocol: s.protocol,
      auth: s.auth,
      key: a.key,
      query: `partNumber=1&uploadId=${encodeURIComponent(a.uploadId!)}`,
      headers: ssecKeyHeaders(s.target, s.keys.ssec),
      body: a.body,
    };
  },
  verifyAccepted: (ctx, s, a, res) =>
    firstProblem(
      () => otherKeyPart(ctx, s, a, 'part'),
      () => verifyPartStored(ctx, s, a, res.headers.etag),
      responseEcho(ctx, s.target, res, true, s.keys),
    ),
  sideEffect: lookForRefusedPart,
};
