import { createUpload, listParts, objectExists, uploadPart } from '../engine/trusted-ops';
import { firstProblem, payload, responseEcho, verifyStored } from './stored';
import { PASS, type Scenario } from './types';

// The Complete request carries no SSE headers: the upload's encryption was fixed at initiate.
export const completeMultipartUpload: Scenario = {
  async arrange(ctx, s) {
    const body = payload();
    const uploadId = await createUpload(ctx, s.key, s.target);
    const etag = await uploadPart(ctx, s.key, uploadId, 1, s.target, body);
    return { key: s.key, body, uploadId, sourceKey: etag };
  },
  request(_ctx, s, a) {
    const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${a.sourceKey}</ETag></Part></CompleteMultipartUpload>`;
    return {
      method: 'POST',
      protocol: s.protocol,
      auth: s.auth,
      key: a.key,
      query: `uploadId=${encodeURIComponent(a.uploadId!)}`,
      headers: { 'content-type': 'application/xml' },
      body: Buffer.from(xml),
    };
  },
  verifyAccepted: (ctx, s, a, res) =>
    firstProblem(
      () => verifyStored(ctx, a.key, s.target, a.body),
      // AWS echoes aws:kms on Complete; SSE-C is proven by the read-back alone.
      s.target === 'sse-kms' ? responseEcho(ctx, s.target, res, true) : PASS,
    ),
  async sideEffect(ctx, _s, a) {
    if (await objectExists(ctx, a.key)) return 'refused, but the object was assembled';
    const parts = await listParts(ctx, a.key, a.uploadId!);
    return parts === 'no-upload' ? 'refused, but the upload is gone' : null;
  },
};
