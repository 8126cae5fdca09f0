import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');
jest.setTimeout(120000);

test('run --json: one JSON line per cell as judged, then the summary; nothing else on stdout', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-json-'));
  const r = spawnSync(process.execPath, [BIN, 'run', '--json', '--only', 'sse-c/put-object/*', '--settle', '0', '--report-dir', path.join(cwd, 'reports')], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  expect(r.status).toBe(0);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const cells = lines.filter((l) => l.type === 'cell');
  expect(cells.map((c) => c.id).sort()).toEqual(['sse-c/put-object/http-v2', 'sse-c/put-object/http-v4', 'sse-c/put-object/https-v2', 'sse-c/put-object/https-v4']);
  for (const c of cells) expect(c).toEqual({ type: 'cell', id: c.id, verdict: 'pass', reason: expect.any(String), durationMs: expect.any(Number) });
  expect(lines).toHaveLength(5);
  expect(lines[4]).toMatchObject({ type: 'summary', total: 4, pass: 4, fail: 0, error: 0, skipped: 0, exitCode: 0, report: expect.stringContaining('reports') });
  // The progress lines (stderr in CI) are not repeated.
  expect(r.stderr).not.toMatch(/sse-c\/put-object/);
});
