// Derived (T31): a copy that opens its SSE-C source with any copy-source key. The reference
// endpoint's copy-source-key-unchecked fault seals SSE-C data under a key of its own and checks the
// customer key on GET, HEAD and parts, but not on the source of a copy or part copy. The cell's copy
// carries the right source key and every object refuses a GET with another key, so every check that
// reads passes; only the same copy with another copy-source key shows it.
import { involvesSseC, onlyTheseFail } from '../../test-support/key-checks';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'copy-source-key-unchecked',
  cases: (all) => all.filter(involvesSseC),
  endpoint: { fault: 'copy-source-key-unchecked' },
  check: ({ results }) =>
    onlyTheseFail(results, (r) => r.expected === 'accept' && (r.table === 'copy' || r.table === 'upload-part-copy') && r.row.startsWith('sse-c-to-'), 'opens its SSE-C source with another SSE-C key'),
};
