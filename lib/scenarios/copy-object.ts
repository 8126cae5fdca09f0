import { copySourceHeaders, sseHeaders } from '../engine/sse';
import { encodeKey } from '../transport/address';
import { otherSourceKey } from './other-keys';
import { firstProblem, responseEcho, sourceCheck, verifiedSourceFixture, verifyStored } from './stored';
import { PASS, type Scenario } from './types';
import { lookForObject } from './witness';

export function copySource(bucket: string, key: string): string {
  return `/${bucket}/${encodeKey(key)}`;
}

export const copyObject: Scenario = {
  async arrange(ctx, s) {
    const src = await verifiedSourceFixture(ctx, s.source ?? 'plain');
    return { key: s.key, body: src.body, sourceKey: src.key, sourceProblem: src.problem };
  },
  request(ctx, s, a) {
    return {
      method: 'PUT',
      protocol: s.protocol,
      auth: s.auth,
      key: a.key,
      headers: {
        'x-amz-copy-source': copySource(ctx.target.bucket, a.sourceKey!),
        ...copySourceHeaders(s.source, ctx.ssec),
        ...sseHeaders(s.target, s.keys.ssec, s.keys.kmsKeyId),
      },
    };
  },
  verifyAccepted: (ctx, s, a, res) =>
    firstProblem(
      /<CopyObjectResult[\s>]/.test(res.body.toString()) ? PASS : { verdict: 'error', reason: 'accepted, but the answer is no CopyObjectResult' },
      sourceCheck(a),
      // A copy of an SSE-C source must not open with the source's key.
      () => verifyStored(ctx, a.key, s.target, a.body, s.keys, s.source === 'sse-c' ? ctx.ssec : undefined),
      // Once the copy is verified: the same copy with another copy-source key must be refused.
      () => otherSourceKey(ctx, s, a, 'copy'),
      responseEcho(ctx, s.target, res, true, s.keys),
    ),
  sideEffect: (ctx, s, a, known) =>
    lookForObject(ctx, { key: a.key, enc: s.target, ssec: s.keys.ssec, meaning: 'refused, but the copy target was written', known: known && { folder: s.folder, key: known.arranged.key } }),
};
