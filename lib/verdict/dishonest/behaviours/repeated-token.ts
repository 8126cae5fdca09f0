// T08: a listing in a circle. The proxy answers the first ListObjectsV2 page as it is but
// truncated, with the token "again"; asked with it, the same page and the same token again. The
// harness stops a listing at the first token (or key and upload-id marker pair) it has seen before.
import { expectListingStopped, LISTING_CELLS, repeatedToken } from '../../test-support/listing-answers';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'repeated-token',
  cases: (all) => all.filter((c) => LISTING_CELLS.includes(c.id)),
  behave: repeatedToken().behave,
  check: (outcome) => expectListingStopped(outcome, /list objects: the listing repeated a continuation token/),
};
