// Derived (T10): a refused part kept under another part number. The reference endpoint behind the
// proxy stores the parts it must refuse; the proxy refuses the request under test, and ListParts
// shows part 1 as part 7. A witness that looks only for the part number it sent sees nothing.
import { carriesSse, errorAnswer, isAccepted } from '../../test-support/dishonest-proxy';
import { expectExposures } from '../../test-support/expect-exposures';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'part-stranger',
  cases: (all) => all.filter((c) => c.expected === 'reject' && (c.operation === 'upload-part' || c.operation === 'upload-part-copy')),
  storesRefused: true,
  async behave(req, forward) {
    const a = await forward();
    if (!req.sdk) return req.method === 'PUT' && /[?&]partNumber=1(&|$)/.test(req.url) && carriesSse(req) && isAccepted(a) ? errorAnswer(400, 'InvalidRequest', 'Refused') : a;
    if (req.method === 'GET' && /[?&]uploadId=/.test(req.url) && !/[?&]uploads/.test(req.url)) {
      return { ...a, body: Buffer.from(a.body.toString().replace(/<PartNumber>1<\/PartNumber>/g, '<PartNumber>7</PartNumber>')) };
    }
    return a;
  },
  check: ({ results }) => expectExposures(results.filter((r) => r.observed.status === 400), 'a part the harness never put (part 7)'),
};
