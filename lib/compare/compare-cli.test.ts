// `sse-conformance compare` as a user runs it: the real CLI on two results.json files and one
// report folder writes index.html and summary.md, prints one line per run, the count of differing
// cells and the page's path, exit 0; a crafted input or too many runs is one line, exit 2, nothing written.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeFixtureResults } from '../report/fixture';
import { writeReports } from '../report/write';

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-compare-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}
function compare(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'compare', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const last = makeFixtureResults();
last.runId = 'last-night';
const tonight = makeFixtureResults();
tonight.runId = 'tonight';
tonight.startedAt = '2026-11-30T02:00:00.000Z';
Object.assign(tonight.cases[0], { verdict: 'pass', severity: undefined, observed: { status: 400, code: 'InvalidRequest' } }); // sse-c/put-object/http-v2
const third = makeFixtureResults();
third.runId = 'vendor-b';
third.endpoint = { ...third.endpoint, embedded: false, https: 'https://s3.vendor-b.example' };

test('two results.json files and one report folder: both files written, one line per run, exit 0', async () => {
  const folder = path.join(dir, 'vendor-b-run');
  await writeReports(third, folder, { secrets: [] });
  const out = path.join(dir, 'out');
  const r = compare(file('last.json', last), file('tonight.json', tonight), folder, '--report-dir', out);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const lines = r.out.trimEnd().split('\n');
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(/^Run 1: https:\/\/127\.0\.0\.1:\d+ \(embedded reference\) · last-night · 2025-01-15 10:00:00 UTC · 128 cells: 120 pass, 4 fail, 2 error, 2 skipped \(.*last\.json\)$/);
  expect(lines[1]).toMatch(/^Run 2: .* · tonight · 2026-11-30 02:00:00 UTC · 128 cells: 121 pass, 3 fail, 2 error, 2 skipped/);
  expect(lines[2]).toMatch(/^Run 3: https:\/\/s3\.vendor-b\.example · vendor-b · .*vendor-b-run\/results\.json\)$/);
  expect(lines[3]).toBe('1 of 128 cells differ');
  expect(lines[4]).toBe(`report: ${path.join(out, 'index.html')}`);
  expect(fs.readdirSync(out).sort()).toEqual(['index.html', 'summary.md']);
  expect(fs.readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('| `sse-c/put-object/http-v2` | FAIL exposure (200) | PASS (400 InvalidRequest) | FAIL exposure (200) |');
});

test('a crafted results.json: one line naming the file and the field, exit 2, nothing written', () => {
  const evil = makeFixtureResults();
  (evil.cases[3] as { verdict: string }).verdict = 'pass"><script>alert(1)</script>';
  const out = path.join(dir, 'out-evil');
  const r = compare(file('good.json', last), file('evil.json', evil), '--report-dir', out);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^sse-conformance: compare: .*evil\.json is not a valid results\.json: cases\[3\]\.verdict must be one of pass, fail, error, skipped\n$/);
  expect(r.out).toBe('');
  expect(fs.existsSync(out)).toBe(false);
  const garbled = compare(file('garbled.json', '{"cases": [\x1b]0;pwned\x07'), '--report-dir', out);
  expect(garbled.code).toBe(2);
  expect(garbled.err).toMatch(/^sse-conformance: compare: .*garbled\.json is not JSON: .*\n$/);
  expect(garbled.err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  const missing = compare(path.join(dir, 'nowhere'), '--report-dir', out);
  expect(missing.err).toMatch(/^sse-conformance: compare: .*nowhere: cannot read it: no such file or folder\n$/);
});

test('more than 16 runs, or none: exit 2 before anything is read or written', () => {
  const out = path.join(dir, 'out-many');
  const r = compare(...Array.from({ length: 17 }, () => path.join(dir, 'nowhere')), '--report-dir', out);
  expect(r.code).toBe(2);
  expect(r.err).toBe('sse-conformance: compare: 17 runs named: at most 16 can be compared at once\n');
  expect(fs.existsSync(out)).toBe(false);
  expect(compare().code).toBe(2); // commander: missing argument
});

test('--help exits 0; a --report-dir that is a file is one line, exit 2', () => {
  const help = compare('--help');
  expect(help.code).toBe(0);
  expect(help.out).toMatch(/^Usage: sse-conformance compare \[options\] <dir\.\.\.>/);
  const r = compare(file('a.json', last), '--report-dir', file('not-a-folder', 'x'));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^sse-conformance: compare: --report-dir: cannot write in .*not-a-folder \((EEXIST|ENOTDIR)\)\n$/);
});
