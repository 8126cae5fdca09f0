import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeResults } from '../report/merge';
import { renderTerminalMatrix } from '../report/terminal';
import { writeReports } from '../report/write';
import type { RunResults } from '../verdict/types';
import { exitCodeFor } from './exit-code';

export function mergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the results of shard runs (each DIR holds a results.json) into one report set')
    .argument('<dir...>', 'report folders of the shards')
    .option('--report-dir <dir>', 'where the merged reports go', 'reports/merged')
    .action(async (dirs: string[], o: { reportDir: string }) => {
      const parts = dirs.map((d) => {
        const file = fs.existsSync(path.join(d, 'results.json')) ? path.join(d, 'results.json') : d;
        if (!fs.existsSync(file)) throw new Error(`merge: ${d} holds no results.json`);
        return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
      });
      const merged = mergeResults(parts);
      await writeReports(merged, o.reportDir);
      process.stdout.write(`${renderTerminalMatrix(merged, { color: process.stdout.isTTY })}\nreport: ${path.join(o.reportDir, 'index.html')}\n`);
      process.exitCode = exitCodeFor(merged);
    });
}
