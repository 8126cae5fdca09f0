import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoredObject } from '../at-rest/ledger';
import type { Exchange } from '../verdict/types';

/** What one case has cost and seen so far; every request made while judging it lands here. */
export interface CaseScope {
  requests: number;
  evidence: Exchange[];
  /**
   * While the case is judged (not during the late-write sweep's looks): the objects whose stored
   * bytes it verified, for the at-rest probe (lib/at-rest/ledger.ts).
   */
  stored?: StoredObject[];
}

const storage = new AsyncLocalStorage<CaseScope>();

export function withCaseScope<T>(scope: CaseScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/** The scope of the case being judged here, if any. (One AsyncLocalStorage for everything a case keeps: each one costs on every promise.) */
export function caseScope(): CaseScope | undefined {
  return storage.getStore();
}

export function record(exchange: Exchange): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.requests += exchange.attempts ?? 1;
  scope.evidence.push(exchange);
}
