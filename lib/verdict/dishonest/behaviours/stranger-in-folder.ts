// T01: refused, and kept under a key the harness never used, inside the cell's own folder. The
// listing the witness makes of the folder shows it; a witness that looks only for the keys it asked
// for passes the cell.
import { hidingProxy, putWrite } from '../../test-support/hiding-proxy';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'stranger-in-folder',
  cases: (all) => all.filter(putWrite),
  storesRefused: true,
  // The same folder, another name.
  behave: hidingProxy((key) => key.replace(/\/([^/])([^/]*)$/, (_m, first: string, rest: string) => `/${first === '0' ? '1' : '0'}${rest}`)),
  check({ results }) {
    const touched = results.filter((r) => r.observed.status === 400);
    for (const r of touched) {
      expect({ id: r.id, verdict: r.verdict, severity: r.severity, reason: r.reason }).toEqual({
        id: r.id,
        verdict: 'fail',
        severity: 'exposure',
        reason: expect.stringContaining("the cell's folder holds an object the harness never wrote"),
      });
    }
    return { touched: touched.length };
  },
};
