// Baselines as a nightly job uses them, through the real CLI against a served reference endpoint
// whose `refuse-v2` fault makes the V2 accept cells FAIL: write the baseline, match it, then break
// it both ways (a regression, a fixed cell), then hand it a damaged file.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envTextFor } from '../cli/serve-line';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import type { RunResults } from '../verdict/types';
import type { Baseline } from './baseline';

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
jest.setTimeout(180000);

let ep: ReferenceEndpoint;
let dir: string;
const SELECT = ['--table', 'sse-c', '--protocol', 'https'];

beforeAll(async () => {
  ep = await startReferenceEndpoint({ fault: 'refuse-v2' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-expect-'));
  fs.writeFileSync(path.join(dir, '.env'), envTextFor(ep));
});
afterAll(async () => {
  await ep?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const latest = (): RunResults => JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'latest', 'results.json'), 'utf8')) as RunResults;
const junit = (): string => fs.readFileSync(path.join(dir, 'reports', 'latest', 'junit.xml'), 'utf8');
const summaryMd = (): string => fs.readFileSync(path.join(dir, 'reports', 'latest', 'summary.md'), 'utf8');
const baselineFile = (): string => path.join(dir, 'baseline.json');
const readBaseline = (): Baseline => JSON.parse(fs.readFileSync(baselineFile(), 'utf8')) as Baseline;

test('write the baseline, match it (exit 0), then a regression and a fixed cell each exit 1 with their line', async () => {
  // Without a baseline the endpoint is simply non-conformant.
  const plain = await cli(['run', ...SELECT]);
  expect(plain.code).toBe(1);

  // --write-expect records every cell that did not pass; that run exits 0 (it matches what it wrote).
  const written = await cli(['run', ...SELECT, '--write-expect', 'baseline.json']);
  expect(written.code).toBe(0);
  expect(written.stderr).toMatch(/baseline written to baseline\.json: 7 cells that did not pass/);
  const b = readBaseline();
  const failing = Object.keys(b.cells).sort();
  expect(failing).toHaveLength(7);
  for (const id of failing) {
    expect(id).toMatch(/^sse-c\/[a-z-]+\/https-v2$/);
    expect(b.cells[id]).toMatchObject({ verdict: 'fail', severity: 'interop', because: expect.stringMatching(/^observed/) });
  }
  expect(b.profile).toBe('obs');

  // The same endpoint against the baseline: exit 0, every failing cell known, shown as such everywhere.
  const matched = await cli(['run', ...SELECT, '--expect', 'baseline.json']);
  expect(matched.code).toBe(0);
  expect(matched.stdout).toContain('baseline baseline.json: 7 known, 0 regressions, 0 fixed (as expected)');
  let res = latest();
  expect(res.baseline).toEqual({ file: 'baseline.json', known: 7, regressions: 0, fixed: 0 });
  expect(res.cases.filter((c) => c.baseline === 'known').map((c) => c.id).sort()).toEqual(failing);
  expect(junit()).toMatch(/<testsuites[^>]*tests="14" failures="0" errors="0" skipped="7"/);
  expect(junit()).toContain('known FAIL (interop), listed in the baseline');
  expect(summaryMd()).toContain('7 known, 0 regressions, 0 fixed (as expected)');
  expect(summaryMd()).toContain('### Known (listed in the baseline) (7)');
  expect(fs.readFileSync(path.join(dir, 'reports', 'latest', 'index.html'), 'utf8')).toContain('class="tag-cell base-known"');

  // A regression: one failing cell taken out of the baseline.
  const [gone, ...rest] = failing;
  const edited = readBaseline();
  delete edited.cells[gone!];
  // A fixed cell: a passing cell listed as failing.
  edited.cells['sse-c/put-object/https-v4'] = { verdict: 'fail', severity: 'exposure', because: 'pretend it failed last night' };
  fs.writeFileSync(baselineFile(), JSON.stringify(edited));
  const broken = await cli(['run', ...SELECT, '--expect', 'baseline.json']);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain(`baseline baseline.json: ${rest.length} known, 1 regression, 1 fixed`);
  expect(broken.stdout).toMatch(new RegExp(`^REGRESSION ${gone!.replace(/[/.-]/g, '\\$&')}: FAIL \\(interop\\).*not in the baseline`, 'm'));
  expect(broken.stdout).toContain('FIXED sse-c/put-object/https-v4: passes now; remove "sse-c/put-object/https-v4" from baseline.json');
  res = latest();
  expect(res.baseline).toEqual({ file: 'baseline.json', known: rest.length, regressions: 1, fixed: 1 });
  expect(junit()).toMatch(/<testsuites[^>]*failures="2" errors="0" skipped="6"/);
  expect(junit()).toContain('type="fixed"');
  expect(summaryMd()).toContain('### Regressions (1)');
  expect(summaryMd()).toContain('### Fixed: remove from the baseline (1)');
});

test('a baseline that cannot be used is one line naming the file and the problem, exit 2, before any request', async () => {
  fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ cells: { 'sse-c/put-objekt/https-v2': { verdict: 'fail', because: 'x' } } }));
  const bad = await cli(['run', ...SELECT, '--expect', 'bad.json']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('bad.json:');
  expect(bad.stderr).toContain('cells["sse-c/put-objekt/https-v2"]');
  expect(bad.stdout).toBe('');
  fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ profile: 'strict-vendor', cells: {} }));
  const other = await cli(['run', ...SELECT, '--expect', 'other.json']);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain('other.json is a baseline for profile "strict-vendor", but the run uses "obs"');
  const missing = await cli(['run', ...SELECT, '--expect', 'nope.json']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('nope.json: cannot be read (ENOENT)');
});
