import type { Command } from 'commander';
import { loadSettings } from '../config/settings';
import { expandProfile } from '../matrix/expand';
import { checkGlobs, filterCases } from '../matrix/filter';
import { loadProfile } from '../profile/load';
import { addFilterOptions, envFileOption, type FilterFlags } from './options';

export function listCommand(program: Command): void {
  addFilterOptions(program.command('list').description('print the cases a run would judge (dry run)'))
    .addOption(envFileOption())
    .option('--json', 'print a JSON array of case objects')
    .action((flags: FilterFlags & { json?: boolean; envFile?: string }) => {
      // The settings as `run` reads them (.env or --env-file, then SSE_PROFILE, then --profile):
      // a list shows what that run would judge, and a setting run would refuse is refused here too.
      const settings = loadSettings({ envFile: flags.envFile, profile: flags.profile });
      const all = expandProfile(loadProfile(settings.profile));
      checkGlobs(all, flags.only);
      const cases = filterCases(all, flags);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
        return;
      }
      for (const c of cases) process.stdout.write(`${c.id.padEnd(46)} ${c.expected.padEnd(7)} ${c.requirement}\n`);
      const rejects = cases.filter((c) => c.expected === 'reject').length;
      process.stdout.write(`${cases.length} cases: ${cases.length - rejects} accept, ${rejects} reject\n`);
    });
}
