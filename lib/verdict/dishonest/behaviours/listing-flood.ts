// T09: a listing that ends, but only after 30,000 made-up keys under the prefix (the real keys on
// its last page). Inside one run's prefix the harness writes under a thousand keys; a listing past
// 10,000 (lib/engine/listing-bounds.ts) is stopped, even on the page that would have ended it.
import { expectListingStopped, LISTING_CELLS, listingFlood } from '../../test-support/listing-answers';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'listing-flood',
  cases: (all) => all.filter((c) => LISTING_CELLS.includes(c.id)),
  behave: listingFlood(30_000).behave,
  check: (outcome) => expectListingStopped(outcome, new RegExp(`list objects: the listing returned more than \\d+ keys under the prefix`)),
};
