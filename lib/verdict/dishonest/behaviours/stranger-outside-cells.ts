// T02: refused, and kept under the run's prefix but outside every cell's folder. No cell owns it:
// the run reports it (results.json `unattributed`) and cannot exit 0.
import { exitCodeFor } from '../../../cli/exit-code';
import { hidingProxy, putWrite } from '../../test-support/hiding-proxy';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'stranger-outside-cells',
  cases: (all) => all.filter(putWrite),
  storesRefused: true,
  // Up from the cell's folder to the prefix beside the folders: `<prefix><folder>/<name>` -> `<prefix><folder>-<name>`.
  behave: hidingProxy((key) => key.replace(/\/([^/]+)$/, '-$1')),
  check({ results, run }) {
    const touched = results.filter((r) => r.observed.status === 400);
    expect(run.unattributed?.length ?? 0).toBeGreaterThan(0);
    expect(run.unattributed![0]).toMatch(/^an object the harness never wrote \(key "[^"]+"\)$/);
    expect(exitCodeFor(run)).not.toBe(0);
    return { touched: touched.length };
  },
};
