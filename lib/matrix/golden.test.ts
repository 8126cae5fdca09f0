import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGolden } from './golden';

function file(content: unknown): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'golden-')), 'g.json');
  fs.writeFileSync(f, JSON.stringify(content));
  return f;
}

test('the obs golden file holds 128 cells, 80 accept and 48 reject, with ids <table>/<row>/<protocol>-<auth>', () => {
  const g = loadGolden();
  expect(g.size).toBe(128);
  for (const id of g.keys()) expect(id).toMatch(/^(sse-c|sse-kms|copy|upload-part-copy)\/[a-z-]+\/https?-v[24]$/);
});

test('a value other than accept/reject, or counts that do not match the entries, is refused', () => {
  expect(() => loadGolden(file({ counts: { cells: 1, accept: 1, reject: 0 }, expected: { 'a/b/http-v2': 'allow' } }))).toThrow(/neither accept nor reject/);
  expect(() => loadGolden(file({ counts: { cells: 2, accept: 2, reject: 0 }, expected: { 'a/b/http-v2': 'accept' } }))).toThrow(/states/);
  expect(() => loadGolden(file({ counts: { cells: 0, accept: 0, reject: 0 } }))).toThrow(/no "expected"/);
  expect(loadGolden(file({ counts: { cells: 1, accept: 0, reject: 1 }, expected: { 'a/b/http-v2': 'reject' } })).get('a/b/http-v2')).toBe('reject');
});
