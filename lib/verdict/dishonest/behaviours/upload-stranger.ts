// Derived (T11): a refused Initiate Multipart Upload that creates the upload all the same, under
// another key in the cell's folder. The reference endpoint behind the proxy creates the uploads it
// must refuse; the proxy refuses the request under test and lists the upload under another name.
import { carriesSse, errorAnswer, isAccepted } from '../../test-support/dishonest-proxy';
import { expectExposures } from '../../test-support/expect-exposures';
import type { DishonestBehaviour } from '../behaviour';

const hidden = new Set<string>();
const keyOf = (url: string) => decodeURIComponent(url.split('?')[0].replace(/^\/[^/]+\//, ''));
const shown = (key: string) => key.replace(/\/([^/])([^/]*)$/, (_m, first: string, rest: string) => `/${first === '0' ? '1' : '0'}${rest}`);

export const behaviour: DishonestBehaviour = {
  flag: 'upload-stranger',
  cases: (all) => all.filter((c) => c.expected === 'reject' && c.operation === 'initiate-multipart-upload'),
  storesRefused: true,
  async behave(req, forward) {
    const a = await forward();
    if (!req.sdk) {
      if (req.method === 'POST' && /[?&]uploads(=|&|$)/.test(req.url) && carriesSse(req) && isAccepted(a)) {
        hidden.add(keyOf(req.url));
        return errorAnswer(400, 'InvalidRequest', 'Refused');
      }
      return a;
    }
    if (req.method === 'GET' && /[?&]uploads(=|&|$)/.test(req.url)) {
      let xml = a.body.toString();
      for (const k of hidden) xml = xml.split(`<Key>${k}</Key>`).join(`<Key>${shown(k)}</Key>`);
      return { ...a, body: Buffer.from(xml) };
    }
    return a;
  },
  check: ({ results }) => expectExposures(results.filter((r) => r.observed.status === 400), "the cell's folder holds a multipart upload the harness never wrote"),
};
