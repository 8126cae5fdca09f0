// Redaction is for what is recorded, never for what the harness parses and sends back: with a
// secret key of one or two characters, every upload id, ETag, token and listed key holds it by
// chance, and a harness that redacted its trusted answers before parsing them sent mangled ids back
// (404 NoSuchUpload, uploads left behind). Three full runs, each 128 PASS with nothing left, and the
// secret (when it is more than one character) in no report file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { targetOf } from '../engine/embedded-target';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint } from '../reference-endpoint';
import { runConformance } from '../run/run';

jest.setTimeout(180000);

const ALL = expandProfile(loadProfile('obs'));

test.each(['0', 'e', 'SK', 'Ab3/+x9Q'])('secret key %p: 128 PASS, nothing left behind, the secret in no report', async (secret) => {
  const ep = await startReferenceEndpoint({ profile: 'obs', secretAccessKey: secret });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-short-secret-'));
  try {
    const { results, reportDir } = await runConformance(
      { runId: `short-secret-${Buffer.from(secret).toString('hex')}`, timeoutMs: 10000, concurrency: 8, settleMs: 0, reportRoot: root },
      { target: targetOf(ep), cases: ALL },
    );
    const notPassing = results.cases.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.verdict} ${r.reason}`);
    expect(notPassing).toEqual([]);
    expect(results.cleanup).toMatchObject({ ok: true, left: 0 });
    expect(reportDir).toBeDefined();
    if (secret.length > 1) {
      for (const f of fs.readdirSync(reportDir!)) {
        const text = fs.readFileSync(path.join(reportDir!, f), 'utf8');
        expect({ file: f, leaked: text.includes(secret) }).toEqual({ file: f, leaked: false });
      }
    }
  } finally {
    await ep.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
