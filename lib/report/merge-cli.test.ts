// `sse-conformance merge` on hand-made inputs: a results.json that does not match the schema, is
// not JSON or cannot be read is one line naming the file (and the field), exit 2, no report.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeFixtureResults } from './fixture';

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-merge-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function shard(name: string, content: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'results.json'), content);
  return d;
}
function merge(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'merge', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const good = makeFixtureResults();
const evil = makeFixtureResults();
evil.cases[7].expected = 'reject" autofocus onfocus="alert(1)' as 'reject';

test('a crafted expected: one line naming the file and the field, exit 2, nothing written', () => {
  const out = path.join(dir, 'out-evil');
  const r = merge(shard('good', JSON.stringify(good)), shard('evil', JSON.stringify(evil)), '--report-dir', out);
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^sse-conformance: merge: .*evil\/results\.json is not a valid results\.json: cases\[7\]\.expected must be one of accept, reject\n$/);
  expect(r.out).toBe('');
  expect(fs.existsSync(out)).toBe(false);
});

test('not JSON, or no results.json at all: one line, exit 2', () => {
  const r1 = merge(shard('garbled', '{"cases": [\x1b]0;pwned\x07'), '--report-dir', path.join(dir, 'o1'));
  expect(r1.code).toBe(2);
  expect(r1.err).toMatch(/^sse-conformance: merge: .*garbled\/results\.json is not JSON: .*\n$/);
  expect(r1.err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  const r2 = merge(path.join(dir, 'nowhere'), '--report-dir', path.join(dir, 'o2'));
  expect(r2.code).toBe(2);
  expect(r2.err).toMatch(/^sse-conformance: merge: .*nowhere: cannot read it: no such file or folder\n$/);
});

test('valid shards still merge into one report set', () => {
  const out = path.join(dir, 'out-good');
  const r = merge(shard('a', JSON.stringify(good)), '--report-dir', out);
  expect(r.err).toBe('');
  expect(r.code).toBe(1); // the fixture holds failures
  expect(fs.readdirSync(out).sort()).toEqual(['index.html', 'junit.xml', 'results.json', 'summary.md']);
});
