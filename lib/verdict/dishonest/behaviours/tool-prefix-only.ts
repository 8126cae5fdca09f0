// T32: enforces the tables only on keys under the harness's default root (sse-conformance-runs/)
// and accepts everything elsewhere. With the default root every reject cell would PASS: the root
// names the tool. A vendor closes it with SSE_KEY_PREFIX (a root its customers' keys look like);
// this entry runs with one, and the forbidden requests are then judged for what they are.
import { RUN_PREFIX_ROOT } from '../../../engine/prefix';
import { carriesSse, errorAnswer } from '../../test-support/dishonest-proxy';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'tool-prefix-only',
  cases: (all) => all.filter((c) => c.expected === 'reject' && (c.operation === 'put-object' || c.operation === 'initiate-multipart-upload')),
  // The endpoint behind stores what it must refuse; the proxy refuses it only under the tool's root.
  storesRefused: true,
  target: { keyPrefix: 'media/uploads/' },
  async behave(req, forward) {
    const key = decodeURIComponent(req.url.split('?')[0]).replace(/^\/[^/]+\//, '');
    // The cells it runs are reject cells only: under the tool's root, every request under test that
    // carries SSE is a forbidden one, refused before it reaches the endpoint (nothing stored).
    if (!req.sdk && carriesSse(req) && key.startsWith(RUN_PREFIX_ROOT)) return errorAnswer(400, 'InvalidRequest', 'Refused');
    return forward();
  },
  check({ results }) {
    for (const r of results) expect(r.keys?.folder.startsWith('media/uploads/')).toBe(true);
    for (const r of results) expect({ id: r.id, verdict: r.verdict, severity: r.severity }).toEqual({ id: r.id, verdict: 'fail', severity: 'exposure' });
    return { touched: results.length };
  },
};
