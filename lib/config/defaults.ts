// One place for each default a user can override (a flag, a setting): the CLI's help, the settings
// parser and the run path all read them from here, so they cannot drift apart.

/** The rule profile (`--profile`, SSE_PROFILE): a name under config/profiles/. */
export const DEFAULT_PROFILE = 'obs';

/** Where `run` writes reports/<run-id>/ and latest/ (`--report-dir`). */
export const DEFAULT_REPORT_DIR = 'reports';

/** Where `merge` writes the joined report set (`--report-dir` of merge). */
export const DEFAULT_MERGE_REPORT_DIR = `${DEFAULT_REPORT_DIR}/merged`;

/** Where `compare` writes its page and summary (`--report-dir` of compare). */
export const DEFAULT_COMPARE_REPORT_DIR = `${DEFAULT_REPORT_DIR}/compare`;

/** Per-request timeout in ms (`--timeout`, SSE_TIMEOUT_MS). */
export const DEFAULT_TIMEOUT_MS = 15000;
export const TIMEOUT_MS_RANGE = { min: 100, max: 600000 } as const;

/** Cells judged at once (`--concurrency`, SSE_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 8;
export const CONCURRENCY_RANGE = { min: 1, max: 256 } as const;

/** Wait before the final late-write sweep, in ms (`--settle`; 0 skips the wait, not the sweep). */
export const DEFAULT_SETTLE_MS = 2000;
export const SETTLE_MS_RANGE = { min: 0, max: 600000 } as const;

/** The reference endpoint's listen address (`serve --host`): loopback only unless asked. */
export const DEFAULT_SERVE_HOST = '127.0.0.1';

/** Re-judging of a cell that ended in a retryable ERROR (`--retries`): none unless asked. */
export const DEFAULT_RETRIES = 0;
export const RETRIES_RANGE = { min: 0, max: 10 } as const;
