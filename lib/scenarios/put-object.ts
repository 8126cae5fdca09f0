import { sseHeaders } from '../engine/sse';
import { lookForObject } from './witness';
import { firstProblem, payload, responseEcho, verifyStored } from './stored';
import type { Scenario } from './types';

export const putObject: Scenario = {
  async arrange(_ctx, s) {
    return { key: s.key, body: payload() };
  },
  request(ctx, s, a) {
    return {
      method: 'PUT',
      protocol: s.protocol,
      auth: s.auth,
      key: a.key,
      headers: { 'content-type': 'application/octet-stream', ...sseHeaders(s.target, s.keys.ssec, s.keys.kmsKeyId) },
      body: a.body,
    };
  },
  verifyAccepted: (ctx, s, a, res) => firstProblem(() => verifyStored(ctx, a.key, s.target, a.body, s.keys), responseEcho(ctx, s.target, res, true, s.keys)),
  sideEffect: (ctx, s, a, known) =>
    lookForObject(ctx, { key: a.key, enc: s.target, ssec: s.keys.ssec, meaning: 'refused, but the object was stored', known: known && { folder: s.folder, key: known.arranged.key } }),
};
