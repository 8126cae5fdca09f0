// The catalogue of dishonest endpoints (Wycheproof's vectors, for a judge): each misbehaviour is a
// flag with a metadata file in config/dishonest/<flag>.json (the threat-model row it stands for,
// what is wrong with it, the verdicts a right judge may give) and an implementation here in
// behaviours/<flag>.ts. One runner (catalogue.slow.test.ts) walks them all; catalogue.test.ts
// checks that every flag has both halves and a threat-model row.
import type { Case } from '../../matrix/types';
import type { CaseResult } from '../types';
import type { Behaviour } from '../test-support/dishonest-proxy';

/** What config/dishonest/<flag>.json says of a misbehaviour. */
export interface BehaviourMeta {
  flag: string;
  /** The row of docs/threat-model.md it stands for, e.g. "T12". */
  threat: string;
  /** One or two sentences: what the endpoint does, and why a judge must not pass it. */
  description: string;
  /** The verdicts a right judge may give the cells the behaviour touches. */
  expected: { verdict: 'fail' | 'error'; severity?: 'exposure' | 'downgrade' | 'interop' }[];
  /** Where it is implemented: the proxy in front of the reference endpoint, or an endpoint fault. */
  implementation: 'proxy' | 'endpoint-fault';
  /** Real endpoints where it was seen (e.g. "radosgw 16.2.15"), as Wycheproof's bugs.md keeps them. */
  seenIn?: string[];
}

/** What the runner hands a behaviour's check: the judged cells and the run's own fields. */
export interface RunOutcome {
  results: CaseResult[];
  /** Objects and uploads left under the run's prefix after cleanup (-1: could not list). */
  leftovers: number;
  /** The run's whole results (fields beyond the cells: cleanup, unattributed, ...). */
  run: import('../types').RunResults;
}

/** The executable half of a catalogue entry. */
export interface DishonestBehaviour {
  flag: string;
  /** The cells it is run on, from the 128 of obs.json. */
  cases(all: Case[]): Case[];
  /** The misbehaviour, as a proxy in front of a reference endpoint. */
  behave?: Behaviour;
  /** The reference endpoint itself stores what it refuses (the cells' decisions inverted). */
  storesRefused?: boolean;
  /** Options of the reference endpoint behind the proxy (a fault, a secret key). */
  endpoint?: { fault?: string; secretAccessKey?: string };
  /** Settings of the run laid over the target (e.g. a key prefix a vendor sets). */
  target?: Partial<import('../../config/settings').Target>;
  settleMs?: number;
  timeoutMs?: number;
  /**
   * Asserts (jest's expect) that the judge saw through it: the cells touched got one of the
   * expected verdicts, and `touched` says how many (the runner checks it is more than zero).
   */
  check(outcome: RunOutcome): { touched: number };
}
