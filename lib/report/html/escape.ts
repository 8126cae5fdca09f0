// Everything the report prints came from the network: escape it for text and attribute contexts.
import { oneOf } from '../enums';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/**
 * A class name from a closed set only: `verdict-pass`, or `verdict-unknown` for anything else.
 * Class names are never escaped text; they must never hold what a results file says.
 */
export function classFrom(prefix: string, value: unknown, allowed: readonly string[]): string {
  return `${prefix}-${oneOf(value, allowed, 'unknown')}`;
}
