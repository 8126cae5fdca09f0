import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from '../verdict/types';

/** What one case has cost and seen so far; every request made while judging it lands here. */
export interface CaseScope {
  requests: number;
  evidence: Exchange[];
}

const storage = new AsyncLocalStorage<CaseScope>();

export function withCaseScope<T>(scope: CaseScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

export function record(exchange: Exchange): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.requests += exchange.attempts ?? 1;
  scope.evidence.push(exchange);
}
