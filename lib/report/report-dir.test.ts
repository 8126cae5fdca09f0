import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkReportDir, clearLatest, latestProblem, markReportSet } from './report-dir';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-report-dir-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("a user's latest/ folder is refused and left whole", () => {
  fs.mkdirSync(path.join(root, 'latest', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'latest', 'sub', 'notes.txt'), 'x');
  expect(latestProblem(root)).toMatch(/latest exists and was not written by sse-conformance/);
  expect(() => checkReportDir(root)).toThrow(/^--report-dir: .*latest exists and was not written/);
  expect(clearLatest(root)).toBe(false);
  expect(fs.readFileSync(path.join(root, 'latest', 'sub', 'notes.txt'), 'utf8')).toBe('x');
  // A file named latest is not ours either.
  fs.rmSync(path.join(root, 'latest'), { recursive: true });
  fs.writeFileSync(path.join(root, 'latest'), 'mine');
  expect(clearLatest(root)).toBe(false);
});

test('a marked report set, an unmarked one of only report files (older runs) and a link are replaced; a link target is kept', () => {
  const latest = path.join(root, 'latest');
  fs.mkdirSync(latest);
  fs.writeFileSync(path.join(latest, 'results.json'), '{}');
  fs.writeFileSync(path.join(latest, 'index.html'), '');
  expect(clearLatest(root)).toBe(true);
  expect(fs.existsSync(latest)).toBe(false);

  fs.mkdirSync(latest);
  fs.writeFileSync(path.join(latest, 'extra.txt'), '');
  markReportSet(latest);
  expect(clearLatest(root)).toBe(true);

  const target = path.join(root, 'elsewhere');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'keep'), '');
  fs.symlinkSync(target, latest);
  expect(clearLatest(root)).toBe(true);
  expect(fs.existsSync(latest)).toBe(false);
  expect(fs.readdirSync(target)).toEqual(['keep']);
});

test('a report dir that is a file, under /proc, or not writable is one error; a missing one is created', () => {
  const file = path.join(root, 'f');
  fs.writeFileSync(file, '');
  expect(() => checkReportDir(file)).toThrow(/^--report-dir: .*f is not a folder$/);
  expect(() => checkReportDir(path.join(file, 'sub'))).toThrow(/^--report-dir: .*cannot use it \(ENOTDIR\)/);
  expect(() => checkReportDir('/proc/nope/reports')).toThrow(/^--report-dir: cannot create \/proc\/nope\/reports/);
  expect(() => checkReportDir('/proc/self')).toThrow(/^--report-dir: cannot write in \/proc\/self/);
  checkReportDir(path.join(root, 'a', 'b'));
  expect(fs.readdirSync(path.join(root, 'a', 'b'))).toEqual([]);
});
