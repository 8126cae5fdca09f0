// examples/ci/*.yml are documentation users copy: every command line they run must be a valid
// invocation of this CLI (parsed by the CLI's own commander program, actions replaced), and the
// shards they start must be exactly the ones they merge.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { parse } from 'yaml';
import { splitCommand } from '../at-rest/command';
import { buildProgram } from './main';

const DIR = path.resolve(__dirname, '../../examples/ci');
const CLI = 'node bin/sse-conformance.js';

/** Every string under a `run`, `script` or `before_script` key, anywhere in the document. */
function scripts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => scripts(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'run' || k === 'script' || k === 'before_script') && typeof v === 'string') out.push(v);
      else if ((k === 'script' || k === 'before_script') && Array.isArray(v)) out.push(...v.filter((s): s is string => typeof s === 'string'));
      else scripts(v, out);
    }
  }
  return out;
}

/** The CLI invocations in a shell script: from `node bin/sse-conformance.js` to the end of that command. */
function invocations(script: string): string[] {
  const found: string[] = [];
  for (const line of script.split('\n')) {
    let at = line.indexOf(CLI);
    while (at >= 0) {
      const rest = line.slice(at + CLI.length);
      const end = rest.search(/;|&&|\|\||\||>|$/);
      found.push(rest.slice(0, end).trim());
      at = line.indexOf(CLI, at + CLI.length);
    }
  }
  return found;
}

/** Parses argv with the real program; no action runs. Returns the command name and its options. */
function parseCli(argv: string[]): { command: string; opts: Record<string, unknown>; args: string[] } {
  const program = buildProgram();
  let seen: { command: string; opts: Record<string, unknown>; args: string[] } | undefined;
  const quiet = (c: Command) => c.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  quiet(program);
  for (const c of program.commands) {
    quiet(c);
    c.action((...a: unknown[]) => {
      const cmd = a[a.length - 1] as Command;
      seen = { command: cmd.name(), opts: cmd.opts(), args: cmd.args };
    });
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw new Error(`not a valid invocation: ${argv.join(' ')}: ${e.message}`, { cause: e });
    throw e;
  }
  if (!seen) throw new Error(`no command ran for: ${argv.join(' ')}`);
  return seen;
}

// The YAML documents are walked loosely: a wrong shape fails the expectations below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML document of unknown shape
type Loose = any;
const load = (f: string): Loose => parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Loose;

test('the CLI parser used here refuses what the CLI refuses (so the checks below can fail)', () => {
  expect(() => parseCli(['run', '--shard', '5/4'])).toThrow(/not a valid invocation/);
  expect(() => parseCli(['run', '--retrys', '2'])).toThrow(/not a valid invocation/);
  expect(parseCli(['run', '--shard', '1/4', '--retries', '2']).opts).toMatchObject({ shard: '1/4', retries: 2 });
});

describe('examples/ci/github-actions.yml', () => {
  const doc = load('github-actions.yml');
  const shards: number[] = doc.jobs.shard.strategy.matrix.shard;
  const all = scripts(doc).flatMap(invocations);

  test('nightly, secrets from the secret store, every command line valid for each shard', () => {
    expect(doc.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(doc.env.S3_SECRET_ACCESS_KEY).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    expect(doc.env.S3_ACCESS_KEY_ID).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const commands = new Set<string>();
    for (const shard of shards) {
      for (const line of all) {
        const parsed = parseCli(splitCommand(line.replace(/\$\{\{ matrix\.shard \}\}/g, String(shard))));
        commands.add(parsed.command);
        if (parsed.command === 'run') expect(parsed.opts).toMatchObject({ shard: `${shard}/${shards.length}`, expect: 'ci/endpoint.expected.json', retries: 2 });
      }
    }
    expect([...commands].sort()).toEqual(['compare', 'merge', 'run']);
  });

  test('the merge job joins exactly the shards the matrix starts, and uploads junit and the HTML report', () => {
    const merge = all.map((line) => splitCommand(line)).find((w) => w[0] === 'merge')!;
    expect(merge.slice(1, 1 + shards.length)).toEqual(shards.map((i) => `shards/shard-${i}`));
    const reportDir = merge[merge.indexOf('--report-dir') + 1];
    const steps: Loose[] = doc.jobs.report.steps;
    expect(doc.jobs.report.needs).toBe('shard');
    expect(steps.some((s) => s.with?.path === `${reportDir}/`)).toBe(true); // index.html, junit.xml, results.json, summary.md
    expect(steps.some((s) => s.with?.report_paths === `${reportDir}/junit.xml`)).toBe(true);
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const doc = load('gitlab-ci.yml');
  const n: number = doc.conformance.parallel;
  const all = scripts(doc).flatMap(invocations);

  test('every command line is valid for each parallel job', () => {
    const commands = new Set<string>();
    for (let i = 1; i <= n; i++) {
      for (const line of all) {
        const argv = splitCommand(line.replace(/\$CI_NODE_INDEX/g, String(i)).replace(/\$CI_NODE_TOTAL/g, String(n)));
        const parsed = parseCli(argv);
        commands.add(parsed.command);
        if (parsed.command === 'run') expect(parsed.opts).toMatchObject({ shard: `${i}/${n}`, expect: 'ci/endpoint.expected.json', retries: 2 });
      }
    }
    expect([...commands].sort()).toEqual(['compare', 'merge', 'run']);
  });

  test('the report job merges exactly the parallel jobs and keeps junit and the HTML report', () => {
    const merge = all.map((line) => splitCommand(line)).find((w) => w[0] === 'merge')!;
    expect(merge.slice(1, 1 + n)).toEqual(Array.from({ length: n }, (_, k) => `reports/shard-${k + 1}/latest`));
    const reportDir = merge[merge.indexOf('--report-dir') + 1];
    expect(doc['nightly-report'].artifacts.paths).toEqual([`${reportDir}/`]);
    expect(doc['nightly-report'].artifacts.reports.junit).toBe(`${reportDir}/junit.xml`);
  });
});
