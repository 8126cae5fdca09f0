// Each argument of `compare` is a run's report folder (holding results.json) or a results.json:
// read and checked against the results schema exactly as `merge` does, so a damaged or crafted
// file is one line naming it (ResultsError) before anything is drawn.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadResultsFile } from '../report/load-results';
import type { RunResults } from '../verdict/types';

export function loadRun(arg: string): { source: string; results: RunResults } {
  const inDir = path.join(arg, 'results.json');
  const file = fs.existsSync(inDir) ? inDir : arg;
  return { source: file, results: loadResultsFile(file) };
}
