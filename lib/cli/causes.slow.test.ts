// The causes as a user sees them at the end of a run: `serve --fault refuse-v2` in one process,
// `run` pointed at it. The terminal ends with the causes (no line per failing cell any more), and
// `--json` has one cause line each before the summary. Real processes, real sockets.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunResults } from '../verdict/types';
import { BIN, startServeProcess, type ServeProcess } from './test-support/serve-process';

jest.setTimeout(180000);

let serve: ServeProcess;
let envFile: string;
let work: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-causes-'));
  serve = await startServeProcess(['--fault', 'refuse-v2'], path.join(work, 'serve.env'));
  envFile = serve.env;
});

afterAll(async () => {
  await serve?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'run', '--env-file', envFile, '--only', 'sse-c/**', '--settle', '0', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the run ends with its causes, largest first, each cell in exactly one; results.json has the same', () => {
  const r = run(['--report-dir', path.join(work, 'reports')]);
  expect(r.code).toBe(1);
  const res = JSON.parse(fs.readFileSync(path.join(work, 'reports', 'latest', 'results.json'), 'utf8')) as RunResults;
  const notPassing = res.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.id);
  expect(notPassing.length).toBeGreaterThan(0);
  expect(res.causes!.flatMap((g) => g.cells).sort()).toEqual([...notPassing].sort());

  const tail = r.out.slice(r.out.indexOf('Causes, largest first:'));
  const lines = tail.trimEnd().split('\n');
  expect(lines[0]).toBe(`Causes, largest first: ${res.causes!.length} cause${res.causes!.length === 1 ? '' : 's'} for ${notPassing.length} non-passing cells`);
  res.causes!.forEach((g, i) => {
    expect(lines[1 + 2 * i]).toContain(`${g.title}${g.answer ? ` [${g.answer}]` : ''}, ${g.cells.length} cell`);
    expect(lines[1 + 2 * i]).toContain(g.compact.join(', '));
    expect(lines[2 + 2 * i]).toBe(`    ${g.sentence}`);
  });
  expect(lines[1 + 2 * res.causes!.length]).toMatch(/^report: .*index\.html$/);
  // The per-cell lines are gone: no cell id starts a line.
  expect(r.out).not.toMatch(/^(FAIL|ERROR)( \(\w+\))? sse-c\//m);
  // The matrix comes first.
  expect(r.out.indexOf('cells:')).toBeLessThan(r.out.indexOf('Causes, largest first'));
});

test('--json: one line per cell, then one per cause, then the summary; nothing else on stdout', () => {
  const r = run(['--json', '--report-dir', path.join(work, 'json')]);
  expect(r.code).toBe(1);
  const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const types = lines.map((l) => l.type);
  expect(types.slice(0, 28)).toEqual(Array(28).fill('cell'));
  expect(types.at(-1)).toBe('summary');
  const causes = lines.filter((l) => l.type === 'cause');
  expect(types.slice(28, -1)).toEqual(causes.map(() => 'cause'));
  const notPassing = lines.filter((l) => l.type === 'cell' && l.verdict !== 'pass').map((l) => l.id as string);
  expect(causes.flatMap((c) => c.cells as string[]).sort()).toEqual(notPassing.sort());
  const counts = causes.map((c) => c.count as number);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  for (const c of causes) expect(c).toMatchObject({ id: expect.any(String), verdict: expect.stringMatching(/^(fail|error)$/), title: expect.any(String), sentence: expect.any(String), compact: expect.any(Array) });
});
