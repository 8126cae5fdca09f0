/** Root of every key a run creates: <root><run-id>/<suite>/...; cleanup touches nothing else. */
export const RUN_PREFIX_ROOT = 'sse-conformance-runs/';
