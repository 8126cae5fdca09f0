import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUTHS, PROTOCOLS, TABLE_IDS } from '../profile/types';
import { EXPECTATIONS, SEVERITIES, VERDICTS } from './enums';
import { makeFixtureResults } from './fixture';
import { checkResults, loadResultsFile, MAX_RESULTS_BYTES, ResultsError } from './load-results';
import schema from './results.schema.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, walked freely by the assertions
type Json = Record<string, any>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-load-results-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The fixture, changed by patch, as parsed JSON (what merge reads). */
function variant(patch: (r: Json) => void): unknown {
  const r = JSON.parse(JSON.stringify(makeFixtureResults())) as Json;
  patch(r);
  return r;
}
const problem = (data: unknown): string => {
  try {
    checkResults(data, 'shard/results.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ResultsError);
    const m = (e as Error).message;
    expect(m.split('\n')).toHaveLength(1);
    return m;
  }
  throw new Error('accepted');
};

test('the schema enums are the runtime ones', () => {
  const c = schema.$defs.case.properties;
  expect(c.table.enum).toEqual([...TABLE_IDS]);
  expect(c.protocol.enum).toEqual([...PROTOCOLS]);
  expect(c.auth.enum).toEqual([...AUTHS]);
  expect(c.expected.enum).toEqual([...EXPECTATIONS]);
  expect(c.verdict.enum).toEqual([...VERDICTS]);
  expect(c.severity.enum).toEqual([...SEVERITIES]);
});

test('a real results set passes, and so do fields the schema does not know yet (add, never remove)', () => {
  expect(checkResults(JSON.parse(JSON.stringify(makeFixtureResults())), 'x').cases).toHaveLength(128);
  const later = variant((r) => {
    r.seed = 12345;
    r.settleMs = 250;
    r.someFutureField = { anything: [1, 'two'] };
    r.cases[0].evidence[0].attempts = 3;
    r.cases[0].futureNote = 'x';
  });
  expect(() => checkResults(later, 'x')).not.toThrow();
});

test('rule, title, keys and cleanup are described, and results written before them (none of them) still pass', () => {
  const now = variant((r) => {
    r.cases[0].keys = { folder: 'sse-conformance-runs/20250115T100000Z-abc123/abcd/efgh/', act: 'sse-conformance-runs/20250115T100000Z-abc123/abcd/efgh/ijkl' };
    r.cases[1].keys = { folder: 'f/', act: 'f/a', control: 'f/c' };
    r.cleanup = { ok: false, prefix: 'sse-conformance-runs/20250115T100000Z-abc123/', left: null, skipped: 0, failures: ['delete objects: 500 InternalError'] };
    r.cases[2].rule = { protocols: [], auth: [] };
  });
  const checked = checkResults(now, 'x');
  expect(checked.cases[5].rule).toEqual({ protocols: ['https'], auth: ['v2', 'v4'] });
  expect(checked.cases[5].title).toBe('SSE-C (customer-provided keys)');
  expect(checkResults(variant((r) => (r.cleanup = { ok: true, prefix: 'p/', left: 0, skipped: 0, failures: [] })), 'x').cleanup?.ok).toBe(true);
  const old = variant((r) => {
    for (const c of r.cases) {
      delete c.rule;
      delete c.title;
      delete c.keys;
    }
    delete r.cleanup;
    delete r.seed;
    delete r.settleMs;
  });
  expect(checkResults(old, 'x').cases[0].rule).toBeUndefined();
});

test.each([
  ['rule protocol', (r: Json) => (r.cases[0].rule.protocols = ['ftp']), /cases\[0\]\.rule\.protocols\[0\] must be one of http, https/],
  ['rule auth', (r: Json) => (r.cases[0].rule.auth = 'v4'), /cases\[0\]\.rule\.auth must be array/],
  ['rule repeated', (r: Json) => (r.cases[0].rule.auth = ['v4', 'v4']), /cases\[0\]\.rule\.auth must NOT have duplicate items/],
  ['rule without auth', (r: Json) => delete r.cases[0].rule.auth, /cases\[0\]\.rule\.auth is missing/],
  ['title', (r: Json) => (r.cases[0].title = { html: '<b>' }), /cases\[0\]\.title must be string/],
  ['keys without folder', (r: Json) => (r.cases[0].keys = { act: 'a' }), /cases\[0\]\.keys\.folder is missing/],
  ['keys not text', (r: Json) => (r.cases[0].keys = { folder: 'f/', act: 7 }), /cases\[0\]\.keys\.act must be string/],
  ['cleanup.left', (r: Json) => (r.cleanup = { ok: false, prefix: 'p/', left: -1, skipped: 0, failures: [] }), /cleanup\.left must be >= 0/],
  ['cleanup.ok', (r: Json) => (r.cleanup = { ok: 'yes', prefix: 'p/', left: 0, skipped: 0, failures: [] }), /cleanup\.ok must be boolean/],
  ['cleanup.failures', (r: Json) => (r.cleanup = { ok: false, prefix: 'p/', left: 1, skipped: 0, failures: ['delete: \x1b[2J500'] }), /cleanup\.failures\[0\] has characters or a shape not allowed here/],
  ['cleanup.skipped', (r: Json) => (r.cleanup = { ok: false, prefix: 'p/', left: 1, skipped: 0.5, failures: [] }), /cleanup\.skipped must be integer/],
  ['cleanup without prefix', (r: Json) => (r.cleanup = { ok: true, left: 0, skipped: 0, failures: [] }), /cleanup\.prefix is missing/],
  ['settleMs', (r: Json) => (r.settleMs = -5), /settleMs must be >= 0/],
  ['seed', (r: Json) => (r.seed = '42'), /seed must be number/],
])('refused, new fields: %s', (_name, patch, message) => {
  expect(problem(variant(patch))).toMatch(message);
});

test('a crafted expected (the HTML attribute injection) is refused, naming the file and the field', () => {
  const m = problem(variant((r) => (r.cases[0].expected = 'accept"><img src=x onerror=alert(1)>')));
  expect(m).toBe('shard/results.json is not a valid results.json: cases[0].expected must be one of accept, reject');
});

test.each([
  ['verdict', (r: Json) => (r.cases[5].verdict = 'pass" onmouseover="x'), /cases\[5\]\.verdict must be one of pass, fail, error, skipped/],
  ['severity', (r: Json) => (r.cases[0].severity = 'exposure x'), /cases\[0\]\.severity must be one of exposure, downgrade, interop/],
  ['table', (r: Json) => (r.cases[1].table = '<script>'), /cases\[1\]\.table must be one of sse-c, sse-kms, copy, upload-part-copy/],
  ['protocol', (r: Json) => (r.cases[1].protocol = 'ftp'), /cases\[1\]\.protocol must be one of http, https/],
  ['auth', (r: Json) => (r.cases[1].auth = 'v3'), /cases\[1\]\.auth must be one of v2, v4/],
  ['id', (r: Json) => (r.cases[2].id = 'sse-c/put-object/http-v2"><script>'), /cases\[2\]\.id must be <table>\/<row>\/<protocol>-<auth>/],
  ['id control chars', (r: Json) => (r.cases[2].id = 'sse-c/put\x1b[31m-object/http-v2'), /cases\[2\]\.id must be/],
  ['id vs fields', (r: Json) => (r.cases[2].id = 'sse-kms/get-object/https-v4'), /cases\[2\]\.id sse-kms\/get-object\/https-v4 does not match its table, row, protocol and auth/],
  ['a number as a string', (r: Json) => (r.cases[3].durationMs = '25'), /cases\[3\]\.durationMs must be number/],
  ['a status out of range', (r: Json) => (r.cases[3].observed.status = 1e9), /cases\[3\]\.observed\.status must be <= 999/],
  ['a missing field', (r: Json) => delete r.cases[4].reason, /cases\[4\]\.reason is missing/],
  ['an unbounded string', (r: Json) => (r.cases[4].reason = 'x'.repeat(2 * 1024 * 1024)), /cases\[4\]\.reason must NOT have more than 1048576 characters/],
  ['a header value that is not text', (r: Json) => (r.cases[0].evidence[0].request.headers.host = ['a']), /cases\[0\]\.evidence\[0\]\.request\.headers\.host must be string/],
  ['schemaVersion', (r: Json) => (r.schemaVersion = 2), /schemaVersion must be 1/],
  ['runId', (r: Json) => (r.runId = '../../etc'), /runId has characters or a shape not allowed here/],
  ['startedAt', (r: Json) => (r.startedAt = '<b>yesterday</b>'), /startedAt has characters or a shape not allowed here/],
  ['not an object', () => undefined, /\(top level\) must be object/],
])('refused: %s', (_name, patch, message) => {
  const data = _name === 'not an object' ? [] : variant(patch);
  expect(problem(data)).toMatch(message);
});

test('unreadable, missing, folder, not-JSON and oversized files are one clear line each', () => {
  const bad = path.join(dir, 'bad\x1b]0;title\x07.json');
  fs.writeFileSync(bad, '{"schemaVersion": 1, \x1b[31m oops');
  const folder = fs.mkdtempSync(path.join(dir, 'empty-'));
  const line = (f: string): string => {
    try {
      loadResultsFile(f);
    } catch (e) {
      expect(e).toBeInstanceOf(ResultsError);
      const m = (e as Error).message;
      expect(m.split('\n')).toHaveLength(1);
      expect(m).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      return m;
    }
    throw new Error('accepted');
  };
  expect(line(bad)).toMatch(/bad\u2426\.json is not JSON: /); // the title sequence, replaced by a visible sign
  expect(line(path.join(dir, 'missing.json'))).toMatch(/missing\.json: cannot read it: no such file or folder$/);
  expect(line(folder)).toMatch(/is a folder that holds no results\.json$/);
  const huge = path.join(dir, 'huge.json');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, MAX_RESULTS_BYTES + 1); // sparse: nothing is written
  expect(line(huge)).toMatch(/huge\.json is \d+ bytes: larger than any results\.json/);
  if (process.getuid?.() !== 0) {
    const locked = path.join(dir, 'locked.json');
    fs.writeFileSync(locked, '{}', { mode: 0o000 });
    expect(line(locked)).toMatch(/locked\.json: cannot read it \(EACCES\)$/);
  }
});
