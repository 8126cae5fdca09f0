import { XMLParser } from 'fast-xml-parser';
import { FIXTURE_SECRETS, makeFixtureResults } from './fixture';
import { renderJunit } from './junit';
import { redactResults } from './redact-results';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed XML, walked freely by the assertions
type Node = Record<string, any>;
type Attrs = Record<string, string>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

const results = makeFixtureResults();
const xml = renderJunit(redactResults(results));
const doc = parser.parse(xml) as { testsuites: Node & { testsuite: (Node & { testcase: Node[] })[] } };
const suites = doc.testsuites.testsuite;
const allCases: Node[] = suites.flatMap((s) => s.testcase);
const byName = new Map<string, Node>(allCases.map((c) => [c.name as string, c]));

test('128 testcases in 4 suites named by table, classname = table, name = case id', () => {
  expect(suites.map((s) => s.name)).toEqual(['sse-c', 'sse-kms', 'copy', 'upload-part-copy']);
  expect(suites.map((s) => s.testcase.length)).toEqual([28, 28, 36, 36]);
  expect(allCases).toHaveLength(128);
  expect(allCases.map((c) => c.name)).toEqual(results.cases.map((c) => c.id));
  for (const s of suites) for (const c of s.testcase) expect(c.classname).toBe(s.name);
});

test('totals on testsuites and on each testsuite', () => {
  expect(doc.testsuites).toMatchObject({ tests: '128', failures: '4', errors: '2', skipped: '2' });
  expect(suites[0]).toMatchObject({ tests: '28', failures: '1', errors: '0', skipped: '2' });
});

test('FAIL carries severity, reason and the Requirement/Expected/Actual line', () => {
  const failure = byName.get('sse-kms/get-object/https-v2')?.failure as Attrs & { '#text': string };
  expect(failure.type).toBe('exposure');
  expect(failure.message).toBe('[exposure] GET of an SSE-KMS object answered 200 to a V2 signature.');
  expect(failure['#text']).toBe('Requirement: SSE-KMS GET Object only over HTTPS with V4; Expected: rejected; Actual: 200');
  // markup in a reason survives as text (escaped in the XML, decoded by the parser)
  expect((byName.get('sse-c/put-object/http-v2')?.failure as Attrs).message).toContain('<b>travelled</b>');
});

test('ERROR becomes <error>, skipped becomes <skipped>, PASS has neither', () => {
  const err = byName.get('copy/sse-c-to-sse-c/https-v4')?.error as Attrs & { '#text': string };
  expect(err.message).toBe('Connection reset (ECONNRESET) before any answer.');
  expect(err['#text']).toContain('Actual: no answer');
  expect(byName.get('sse-c/post-object/http-v2')?.skipped).toEqual({ message: 'filtered out by --only' });
  const pass = byName.get('sse-c/put-object/https-v4') as Record<string, unknown>;
  expect(pass.failure ?? pass.error ?? pass.skipped).toBeUndefined();
});

test('notes and evidence summaries go to system-out, redacted', () => {
  expect(byName.get('copy/sse-c-to-plain/http-v2')?.['system-out']).toContain('Note: The copy-source SSE-C key travelled in clear text');
  expect(xml).not.toContain(FIXTURE_SECRETS.v4Signature);
  expect(xml).toContain('X-Amz-Signature=[REDACTED]');
});

test('control characters from binary bodies do not break the XML', () => {
  const r = makeFixtureResults();
  r.cases[0].reason = 'bad \u0000\u0007 bytes';
  const out = renderJunit(r);
  expect(out).not.toMatch(/[\u0000\u0007]/);
  expect(() => parser.parse(out)).not.toThrow();
});
