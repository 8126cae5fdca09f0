import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redactor } from '../redact/redact';
import { makeFixtureResults } from '../report/fixture';
import { writeRunReports } from './run-reports';

// The reports of a run are redacted again with the run's own redactor: a text that reached a result
// unredacted (a path that forgot) loses the run's SSE-C keys too, not only the secret key.

test('a run key that reached a result unredacted is redacted in every report file', async () => {
  const key = randomBytes(32);
  const redactor = new Redactor();
  redactor.addSecretKey('run-secret-key-0123456789');
  redactor.addKeyB64(key.toString('base64'));
  const results = makeFixtureResults();
  results.cases[0]!.notes = [`quoted back: ${key.toString('hex')} / ${key.toString('base64')} / run-secret-key-0123456789`];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-run-reports-'));
  try {
    const { reportDir, latestWritten } = await writeRunReports(results, root, redactor);
    expect(latestWritten).toBe(true);
    for (const dir of [reportDir, path.join(root, 'latest')]) {
      for (const file of ['results.json', 'junit.xml', 'summary.md', 'index.html']) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const form of [key.toString('hex'), key.toString('base64'), 'run-secret-key-0123456789']) expect(text).not.toContain(form);
      }
    }
    expect(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')).toContain('quoted back: [REDACTED] / [REDACTED] / [REDACTED]');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
