import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../engine/engine';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint } from '../reference-endpoint';
import { summarize } from '../report/summarize';
import { writeReports } from '../report/write';
import type { RunResults } from '../verdict/types';
import { targetOf } from './run-against';

jest.setTimeout(120000);

// Shapes a leaked secret would have, whatever its value: a V2 signature after "AWS id:", a V4
// signature (64 hex digits after Signature= or X-Amz-Signature=), a POST form signature field.
const SIGNATURE_SHAPES = [
  /AWS [A-Za-z0-9]+:[A-Za-z0-9+/]{27}=/,
  /Signature=[0-9a-f]{64}/i,
  /X-Amz-Signature=[0-9a-f]{64}/i,
  /name="(x-amz-)?signature"\r?\n\r?\n(?!\[REDACTED\])\S+/i,
];

test('a full run writes no secret to any report file', async () => {
  const ep = await startReferenceEndpoint({ profile: 'obs' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-secrets-'));
  const target = targetOf(ep);
  const engine = new Engine(target, { runId: 'secret-scan', timeoutMs: 10000, strict: false, concurrency: 8 });
  try {
    const cases = expandProfile(loadProfile('obs'));
    const results = await engine.run(cases);
    // Failing and erroring cells carry the most evidence: make sure some are in the report too.
    expect(results.filter((r) => r.evidence.length > 0)).toHaveLength(128);
    const run: RunResults = {
      schemaVersion: 1, runId: 'secret-scan', profile: 'obs', strict: false, startedAt: new Date().toISOString(), durationMs: 1,
      endpoint: { embedded: true, http: target.http, https: target.https, bucket: target.bucket, region: target.region },
      summary: summarize(results), cases: results,
    };
    // As the CLI's reporter does: only the secret key; the engine redacted its SSE-C keys at the source.
    const files = await writeReports(run, dir, { secrets: [target.secretAccessKey] });
    expect(files.length).toBeGreaterThanOrEqual(4);
    const raw = Buffer.from(engine.ctx.ssec.keyB64, 'base64');
    const secrets = [
      target.secretAccessKey,
      engine.ctx.ssec.keyB64,
      encodeURIComponent(engine.ctx.ssec.keyB64),
      raw.toString('base64url'),
      raw.toString('hex'),
      raw.toString('hex').toUpperCase(),
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const s of secrets) expect({ file, leaked: text.includes(s) }).toEqual({ file, leaked: false });
      // Nor hidden one layer down: base64 runs (a POST policy is base64 JSON) decoded.
      for (const run of text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []) {
        const decoded = Buffer.from(run, 'base64').toString('latin1');
        for (const s of secrets) expect({ file, inBase64: decoded.includes(s) }).toEqual({ file, inBase64: false });
      }
      for (const shape of SIGNATURE_SHAPES) expect({ file, shape: String(shape), match: shape.exec(text)?.[0] ?? null }).toEqual({ file, shape: String(shape), match: null });
    }
    // The evidence is there, only redacted.
    expect(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).toContain('[REDACTED]');
  } finally {
    await engine.cleanup().catch(() => undefined);
    engine.close();
    await ep.close();
  }
});
