import { ssecKeyHeaders } from '../engine/sse';
import { otherKeyRead } from './other-keys';
import { firstProblem, responseEcho, sourceFixture, verifyStored } from './stored';
import { PASS, type Scenario } from './types';
import { NOTHING } from './witness';
import { noteStored } from '../at-rest/ledger';

/** HEAD and GET of an existing object of the shape's encryption (SSE-C reads carry the key). */
function readScenario(method: 'HEAD' | 'GET'): Scenario {
  return {
    async arrange(ctx, s) {
      const f = await sourceFixture(ctx, s.target);
      return { key: f.key, body: f.body, sourceKey: f.key };
    },
    request(ctx, s, a) {
      return { method, protocol: s.protocol, auth: s.auth, key: a.key, headers: ssecKeyHeaders(s.target, ctx.ssec) };
    },
    verifyAccepted: (ctx, s, a, res) =>
      firstProblem(async () => {
        const echo = responseEcho(ctx, s.target, res);
        if (echo.verdict === 'pass') return echo;
        // A missing echo on an object verified stored as asked (through the trusted path) is an
        // interoperability failure, not a downgrade.
        return (await verifyStored(ctx, a.key, s.target, a.body)).verdict === 'pass' ? responseEcho(ctx, s.target, res, true) : echo;
      }, async () => {
        if (method === 'HEAD') {
          const len = Number(res.headers['content-length']);
          return len === a.body.length ? PASS : { verdict: 'fail', severity: 'downgrade', reason: `HEAD answered Content-Length ${res.headers['content-length']} for a ${a.body.length}-byte object`, cause: 'bytes-differ' };
        }
        return res.body.equals(a.body) ? PASS : { verdict: 'fail', severity: 'downgrade', reason: `GET returned ${res.body.length} bytes that differ from the ${a.body.length} stored`, cause: 'bytes-differ' };
      }, () =>
        // The key this request carried was checked, not only demanded: the same read with a fresh key
        // (through the trusted path, after this one was accepted) must be refused.
        s.target === 'sse-c' ? otherKeyRead(ctx, a.key, method, 'the object read') : Promise.resolve(PASS),
      () => {
        // The object read (a shared fixture written with these bytes): the at-rest probe looks at it too.
        noteStored({ key: a.key, plaintext: a.body, encrypted: s.target !== 'plain' });
        return Promise.resolve(PASS);
      }),
    // A read changes nothing.
    sideEffect: async () => NOTHING,
  };
}

export const headObject = readScenario('HEAD');
export const getObject = readScenario('GET');
