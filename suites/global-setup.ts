import * as path from 'node:path';
import { runConformance } from '../lib/run/run';
import { RESULTS_FILE_ENV } from './support/run-results';

/**
 * The jest face of a run: the whole run happens here, through the same function as
 * `sse-conformance run` (the endpoint named in .env, or the embedded reference endpoint), and
 * writes reports/<run-id>/ and reports/latest/. Each suite then makes one test per cell.
 */
export default async function globalSetup(): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const { results, reportDir } = await runConformance({}, { signal: controller.signal });
    process.env[RESULTS_FILE_ENV] = path.resolve(reportDir!, 'results.json');
    if (results.cleanup && !results.cleanup.ok) process.stderr.write(`warning: cleanup left things under ${results.cleanup.prefix}\n`);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
