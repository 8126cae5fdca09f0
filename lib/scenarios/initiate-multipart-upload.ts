import { sseHeaders } from '../engine/sse';
import { parseXml } from '../engine/s3-error';
import { completeUpload, listParts, uploadPart } from '../engine/trusted-ops';
import { payload, responseEcho, verifyStored } from './stored';
import type { Scenario } from './types';
import { lookForUpload } from './witness';

export const initiateMultipartUpload: Scenario = {
  async arrange(_ctx, s) {
    return { key: s.key, body: payload() };
  },
  request(ctx, s, a) {
    return { method: 'POST', protocol: s.protocol, auth: s.auth, key: a.key, query: 'uploads', headers: sseHeaders(s.target, s.keys.ssec, s.keys.kmsKeyId) };
  },
  async verifyAccepted(ctx, s, a, res) {
    const echo = responseEcho(ctx, s.target, res, false, s.keys);
    if (echo.verdict !== 'pass') return echo;
    const doc = parseXml(res.body) as { InitiateMultipartUploadResult?: { UploadId?: string } } | null;
    const uploadId = doc?.InitiateMultipartUploadResult?.UploadId;
    if (!uploadId) return { verdict: 'error', reason: 'accepted, but the answer carries no UploadId', cause: 'unexpected-answer' };
    const parts = await listParts(ctx, a.key, String(uploadId));
    if (parts === 'no-upload') return { verdict: 'fail', severity: 'downgrade', reason: 'accepted, but the upload does not exist afterwards', cause: 'not-stored' };
    // The echo alone proves nothing: fill the upload through the trusted path and read the object
    // back, so an upload created without the encryption asked for is caught.
    const etag = await uploadPart(ctx, a.key, String(uploadId), 1, s.target, a.body, s.keys);
    await completeUpload(ctx, a.key, String(uploadId), [{ n: 1, etag }]);
    return verifyStored(ctx, a.key, s.target, a.body, s.keys);
  },
  sideEffect: (ctx, s, a, known) => lookForUpload(ctx, a.key, known && { folder: s.folder, key: known.arranged.key }),
};
