// What each accept cell verified through the API, kept for the at-rest probe: the object's key,
// the plaintext the harness wrote (random, so known only to it) and whether it was asked to be
// encrypted. The scenarios note objects as they verify them; the judge files them per cell.
import { caseScope } from '../engine/case-scope';

export interface StoredObject {
  key: string;
  plaintext: Buffer;
  encrypted: boolean;
}

/** Called by the scenarios for each object whose stored bytes they verify (once per key), into the judged case's scope. */
export function noteStored(o: StoredObject): void {
  const list = caseScope()?.stored;
  if (list && !list.some((x) => x.key === o.key)) list.push(o);
}

/** Per run (per engine context): case id -> the objects its judging verified (the last try of a re-judged cell). */
const ledgers = new WeakMap<object, Map<string, StoredObject[]>>();

export function ledgerOf(run: object): Map<string, StoredObject[]> {
  let l = ledgers.get(run);
  if (!l) ledgers.set(run, (l = new Map()));
  return l;
}
