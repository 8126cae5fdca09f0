// T07: a listing that never ends. The proxy answers every ListObjectsV2 IsTruncated=true with a
// fresh continuation token and 1,000 made-up keys under the prefix; the harness stops each listing
// past its bound (lib/engine/listing-bounds.ts: 10,000 keys under one run's prefix).
import { endlessListing, expectListingStopped, LISTING_CELLS } from '../../test-support/listing-answers';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'endless-listing',
  cases: (all) => all.filter((c) => LISTING_CELLS.includes(c.id)),
  behave: endlessListing(1000).behave,
  check: (outcome) => expectListingStopped(outcome, new RegExp(`list objects: the listing returned more than \\d+ keys under the prefix`)),
};
