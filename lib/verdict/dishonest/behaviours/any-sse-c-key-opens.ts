// T04: an SSE-C key demanded, never checked. The reference endpoint's any-sse-c-key-opens fault
// seals SSE-C data under a key of its own and opens it for any well-formed key (no key: still
// refused), on every path: GET, HEAD, parts, copy sources. A proxy could not tell this lie: the
// SSE-C key headers are signed (V4 and V2), so a proxy that swapped a wrong key for the right one
// would break the signature of the request it rewrote.
import { involvesSseC, onlyTheseFail } from '../../test-support/key-checks';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'any-sse-c-key-opens',
  // Every cell that writes, reads or copies an SSE-C object (68 of the 128).
  cases: (all) => all.filter(involvesSseC),
  endpoint: { fault: 'any-sse-c-key-opens' },
  // Every accept cell relies on a key being checked: the object it wrote, the object it read, the
  // upload it added a part to, or the source it copied. None may pass; the refusals are still right.
  check: ({ results }) => onlyTheseFail(results, (r) => r.expected === 'accept', 'another SSE-C key'),
};
