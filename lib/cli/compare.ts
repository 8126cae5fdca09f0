import type { Command } from 'commander';
import { DEFAULT_COMPARE_REPORT_DIR } from '../config/defaults';
import { loadRun } from '../compare/load';
import { buildComparison, CompareError, MAX_COMPARE_RUNS, type Comparison } from '../compare/model';
import { compareLines } from '../compare/terminal';
import { writeComparison } from '../compare/write';
import { ResultsError } from '../report/load-results';
import { printable } from '../report/sanitize';

export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description(`put runs side by side, cell by cell (each DIR a run's report folder or a results.json; 1 to ${MAX_COMPARE_RUNS}): one HTML page and one summary.md`)
    .argument('<dir...>', "report folders or results.json files of the runs, in the order their columns are drawn")
    .option('--report-dir <dir>', 'where index.html and summary.md go', DEFAULT_COMPARE_REPORT_DIR)
    .action(async (dirs: string[], o: { reportDir: string }) => {
      let cmp: Comparison;
      try {
        // Refused before any file is read: a glob that matched every run of a year is a mistake.
        if (dirs.length > MAX_COMPARE_RUNS) throw new CompareError(`${dirs.length} runs named: at most ${MAX_COMPARE_RUNS} can be compared at once`);
        // Each input is checked against the results schema before anything is drawn from it.
        cmp = buildComparison(dirs.map(loadRun));
      } catch (e) {
        if (!(e instanceof ResultsError || e instanceof CompareError)) throw e;
        process.stderr.write(`sse-conformance: compare: ${printable((e as Error).message, 1000)}\n`);
        process.exitCode = 2;
        return;
      }
      let html: string;
      try {
        ({ html } = await writeComparison(cmp, o.reportDir));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (!code) throw e;
        process.stderr.write(`sse-conformance: compare: --report-dir: cannot write in ${printable(o.reportDir, 1000)} (${printable(code, 40)})\n`);
        process.exitCode = 2;
        return;
      }
      // Differences are what was asked for, not a failure: exit 0 once the page is written.
      process.stdout.write(compareLines(cmp, html));
      process.exitCode = 0;
    });
}
