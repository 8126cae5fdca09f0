// results.json: the versioned schema of lib/verdict/types.ts, pretty-printed for diffing.
import type { RunResults } from '../verdict/types';

export function renderResultsJson(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
