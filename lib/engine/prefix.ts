/** Root of every key a run creates: <root><run-id>/<suite>/...; cleanup touches nothing else. */
export const RUN_PREFIX_ROOT = 'sse-conformance-runs/';

/** The root a target's runs write under: SSE_KEY_PREFIX, else RUN_PREFIX_ROOT. */
export function keyRootOf(target: { keyPrefix?: string }): string {
  return target.keyPrefix ?? RUN_PREFIX_ROOT;
}
