import type { Command } from 'commander';
import { DEFAULT_MERGE_REPORT_DIR } from '../config/defaults';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadResultsFile, ResultsError } from '../report/load-results';
import { MergeError, mergeResults } from '../report/merge';
import { printable } from '../report/sanitize';
import { renderTerminalMatrix } from '../report/terminal';
import { writeReports } from '../report/write';
import type { RunResults } from '../verdict/types';
import { exitCodeFor } from './exit-code';

export function mergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the results of shard runs (each DIR holds a results.json) into one report set')
    .argument('<dir...>', 'report folders of the shards')
    .option('--report-dir <dir>', 'where the merged reports go', DEFAULT_MERGE_REPORT_DIR)
    .action(async (dirs: string[], o: { reportDir: string }) => {
      let merged: RunResults;
      try {
        // Each input is checked against the results schema before anything is drawn from it:
        // a hand-made or damaged results.json is one line naming the file and the first bad field.
        const parts = dirs.map((d) => {
          const inDir = path.join(d, 'results.json');
          return loadResultsFile(fs.existsSync(inDir) ? inDir : d);
        });
        merged = mergeResults(parts);
      } catch (e) {
        if (!(e instanceof ResultsError || e instanceof MergeError)) throw e;
        process.stderr.write(`sse-conformance: merge: ${printable((e as Error).message, 1000)}\n`);
        process.exitCode = 2;
        return;
      }
      // The shards' runs redacted their evidence with their secrets; the patterns apply again here.
      await writeReports(merged, o.reportDir, { secrets: [] });
      process.stdout.write(`${renderTerminalMatrix(merged, { color: process.stdout.isTTY })}\nreport: ${path.join(o.reportDir, 'index.html')}\n`);
      process.exitCode = exitCodeFor(merged);
    });
}
