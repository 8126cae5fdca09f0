import * as path from 'node:path';

/** Where suites leave their tables' verdicts for the results reporter. */
export function partsDir(reportRoot: string, runId: string): string {
  return path.join(reportRoot, runId, '.parts');
}

/** Left by the CLI on SIGINT (lib/cli/run-action.ts): suites cannot hear the signal themselves. */
export function interruptFlag(reportRoot: string, runId: string): string {
  return path.join(partsDir(reportRoot, runId), 'interrupted');
}
