// T01: refused, and kept under a key the harness never used, inside the cell's own folder. The
// listing the witness makes of the folder shows it; a witness that looks only for the keys it asked
// for passes the cell.
import { hidingProxy, putWrite } from '../../test-support/hiding-proxy';
import { expectExposures } from '../../test-support/expect-exposures';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'stranger-in-folder',
  cases: (all) => all.filter(putWrite),
  storesRefused: true,
  // The same folder, another name.
  behave: hidingProxy((key) => key.replace(/\/([^/])([^/]*)$/, (_m, first: string, rest: string) => `/${first === '0' ? '1' : '0'}${rest}`)),
  check: ({ results }) => expectExposures(results.filter((r) => r.observed.status === 400), "the cell's folder holds an object the harness never wrote"),
};
