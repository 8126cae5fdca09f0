import { ordinaryFilename } from '../engine/client-profiles';
import { sseHeaders } from '../engine/sse';
import { buildPostPolicyFields } from '../signing/post-policy';
import { multipartFormBody } from '../signing/form-data';
import { putObject } from './put-object';
import type { Scenario } from './types';

/**
 * POST Object: a browser's multipart/form-data upload signed by a V2 or V4 policy, encoded as Chromium
 * encodes a form and sent with the headers a browser sends (lib/engine/client-profiles.ts), with a file
 * name a user's file could have.
 */
export const postObject: Scenario = {
  ...putObject,
  request(ctx, s, a) {
    const fields = buildPostPolicyFields({
      bucket: ctx.target.bucket,
      key: a.key,
      auth: s.auth,
      creds: { accessKeyId: ctx.target.accessKeyId, secretAccessKey: ctx.target.secretAccessKey },
      region: ctx.target.region,
      expiresInSec: 900,
      fields: { 'Content-Type': 'application/octet-stream', ...sseHeaders(s.target, s.keys.ssec, s.keys.kmsKeyId) },
      contentLengthRange: [0, 1024 * 1024],
    });
    const form = multipartFormBody(fields, a.body, ordinaryFilename());
    return { method: 'POST', protocol: s.protocol, auth: s.auth, key: '', headers: { 'content-type': form.contentType }, body: form.body, policyAuth: true };
  },
};
