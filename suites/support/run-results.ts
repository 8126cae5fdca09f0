import * as fs from 'node:fs';
import type { RunResults } from '../../lib/verdict/types';

/**
 * jest's global setup runs the whole conformance run (lib/run) in its process and writes the
 * run's reports; the suites, in jest's workers, read the results.json it wrote and turn each cell
 * into a test. This names that file.
 */
export const RESULTS_FILE_ENV = 'SSE_CONFORMANCE_RESULTS_FILE';

export function readRunResults(): RunResults {
  const file = process.env[RESULTS_FILE_ENV];
  if (!file) throw new Error(`${RESULTS_FILE_ENV} is not set: the conformance suites are run by jest's global setup (npx jest --selectProjects conformance)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
}
