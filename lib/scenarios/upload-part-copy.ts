import { copySourceHeaders, ssecKeyHeaders } from '../engine/sse';
import { parseXml } from '../engine/s3-error';
import { createUpload } from '../engine/trusted-ops';
import { copySource } from './copy-object';
import { firstProblem, responseEcho, sourceCheck, verifiedSourceFixture } from './stored';
import { PASS, type Scenario } from './types';
import { otherKeyPart, otherSourceKey } from './other-keys';
import { lookForRefusedPart, verifyPartStored } from './upload-part';

export const uploadPartCopy: Scenario = {
  async arrange(ctx, s) {
    const src = await verifiedSourceFixture(ctx, s.source ?? 'plain');
    return { key: s.key, body: src.body, sourceKey: src.key, sourceProblem: src.problem, uploadId: await createUpload(ctx, s.key, s.target, s.keys) };
  },
  request(ctx, s, a) {
    return {
      method: 'PUT',
      protocol: s.protocol,
      auth: s.auth,
      key: a.key,
      query: `partNumber=1&uploadId=${encodeURIComponent(a.uploadId!)}`,
      headers: {
        'x-amz-copy-source': copySource(ctx.target.bucket, a.sourceKey!),
        ...copySourceHeaders(s.source, ctx.ssec),
        ...ssecKeyHeaders(s.target, s.keys.ssec),
      },
    };
  },
  verifyAccepted(ctx, s, a, res) {
    const doc = parseXml(res.body) as { CopyPartResult?: { ETag?: string } } | null;
    const etag = doc?.CopyPartResult?.ETag;
    return firstProblem(
      doc?.CopyPartResult ? PASS : { verdict: 'error', reason: 'accepted, but the answer is no CopyPartResult', cause: 'unexpected-answer' },
      sourceCheck(a),
      // Before the upload is completed: a part with another key, then one copied with another source key.
      () => otherKeyPart(ctx, s, a, 'part-copy'),
      () => otherSourceKey(ctx, s, a, 'part-copy'),
      () => verifyPartStored(ctx, s, a, etag === undefined ? undefined : String(etag)),
      responseEcho(ctx, s.target, res, true, s.keys),
    );
  },
  sideEffect: lookForRefusedPart,
};
