// Derived (T29): a HEAD of an SSE-C object decrypts nothing, so an endpoint may check only that a
// key is sent. The reference endpoint's head-key-unchecked fault answers a HEAD with any
// well-formed key: the object's size, type, metadata and the MD5 of its real key, to anyone. GET
// still checks the key, so every write's read-back passes; only a HEAD with another key shows it.
import { involvesSseC, onlyTheseFail } from '../../test-support/key-checks';
import type { DishonestBehaviour } from '../behaviour';

export const behaviour: DishonestBehaviour = {
  flag: 'head-key-unchecked',
  cases: (all) => all.filter(involvesSseC),
  endpoint: { fault: 'head-key-unchecked' },
  check: ({ results }) => onlyTheseFail(results, (r) => r.expected === 'accept' && r.table === 'sse-c' && r.row === 'head-object', 'answers a HEAD with another SSE-C key'),
};
