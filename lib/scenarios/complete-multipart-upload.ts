import { createUpload, listParts, uploadPart } from '../engine/trusted-ops';
import { firstProblem, payload, responseEcho, verifyStored } from './stored';
import { PASS, type Scenario } from './types';
import { lookForObject } from './witness';

// The Complete request carries no SSE headers: the upload's encryption was fixed at initiate.
export const completeMultipartUpload: Scenario = {
  async arrange(ctx, s) {
    const body = payload();
    const uploadId = await createUpload(ctx, s.key, s.target, s.keys);
    const etag = await uploadPart(ctx, s.key, uploadId, 1, s.target, body, s.keys);
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
      () => verifyStored(ctx, a.key, s.target, a.body, s.keys),
      // AWS echoes aws:kms on Complete; SSE-C is proven by the read-back alone.
      s.target === 'sse-kms' ? responseEcho(ctx, s.target, res, true, s.keys) : PASS,
    ),
  async sideEffect(ctx, s, a, known) {
    const obj = await lookForObject(ctx, { key: a.key, enc: s.target, ssec: s.keys.ssec, meaning: 'refused, but the object was assembled', known: known && { folder: s.folder, key: known.arranged.key } });
    if (obj.present || obj.blind) return obj;
    // The upload must still be open with the part put into it before the request under test.
    const parts = await listParts(ctx, a.key, a.uploadId!);
    if (parts === 'no-upload') return { present: 'refused, but the upload is gone' };
    if (known && !parts.some((p) => p.n === 1)) return { present: null, blind: 'ListParts does not show the part put into the upload before the request' };
    return obj;
  },
};
