import { Redactor } from '../redact/redact';
import { randomBytes } from 'node:crypto';
import type { CaseResult } from '../verdict/types';
import type { StoredObject } from './ledger';
import { API_ONLY, AT_REST } from '../verdict/rules';
import { amendCell, consistencyProblem, findingOf, probeExchange, selfCheckProblem, type ObjectFinding } from './verdicts';

const plaintext = randomBytes(1200);
const enc: StoredObject = { key: 'p/k1', plaintext, encrypted: true };
const plain: StoredObject = { key: 'p/k2', plaintext, encrypted: false };

const cell = (over: Partial<CaseResult> = {}): CaseResult =>
  ({ id: 'sse-c/put-object/https-v4', expected: 'accept', verdict: 'pass', reason: `accepted (200 OK) and verified stored as asked; ${API_ONLY}`, evidence: [], ...over }) as CaseResult;
const ev = { step: 'at rest: probe', request: { method: 'PROBE', url: 'x', headers: {} }, durationMs: 1 };
const with1 = (f: ObjectFinding, o = enc) => [{ object: o, finding: f, evidence: ev }];

describe('findingOf', () => {
  test.each([
    ['encrypted, ciphertext stored', enc, { kind: 'bytes', bytes: randomBytes(1300), stderr: '' }, 'as-asked'],
    ['encrypted, plaintext stored', enc, { kind: 'bytes', bytes: Buffer.concat([randomBytes(9), plaintext]), stderr: '' }, 'plaintext'],
    ['unencrypted, plaintext stored (as asked)', plain, { kind: 'bytes', bytes: plaintext, stderr: '' }, 'as-asked'],
    ['unencrypted, plaintext missing (the probe reads something else)', plain, { kind: 'bytes', bytes: randomBytes(1200), stderr: '' }, 'missing-plaintext'],
    ['not found', enc, { kind: 'not-found', stderr: '' }, 'not-found'],
    ['probe error', enc, { kind: 'error', message: 'exit 1', stderr: '' }, 'probe-error'],
    ['capped output that holds the plaintext: a fact', enc, { kind: 'error', message: 'more than', stderr: '', bytes: plaintext.subarray(0, 64) }, 'plaintext'],
    ['capped output without it: an error', enc, { kind: 'error', message: 'more than', stderr: '', bytes: randomBytes(64) }, 'probe-error'],
    ['encrypted, nothing printed (exit 0): not the stored object', enc, { kind: 'bytes', bytes: Buffer.alloc(0), stderr: '' }, 'too-short'],
    ['encrypted, fewer bytes than written: not the stored object', enc, { kind: 'bytes', bytes: randomBytes(1199), stderr: '' }, 'too-short'],
  ] as const)('%s', (_name, o, read, kind) => {
    expect(findingOf(o, read as never).kind).toBe(kind);
  });
});

describe('selfCheckProblem', () => {
  test('holds when every unencrypted object shows its plaintext', () => {
    expect(selfCheckProblem([{ key: 'a', finding: { kind: 'as-asked', bytes: 1 } }])).toBeNull();
  });
  test.each([
    [[], /no unencrypted object/],
    [[{ key: 'a', finding: { kind: 'as-asked', bytes: 1 } }, { key: 'b', finding: { kind: 'missing-plaintext', bytes: 5 } }], /did not show the plaintext .*\(b: 5 bytes without a 32-byte run/],
    [[{ key: 'c', finding: { kind: 'not-found' } }], /\(c: not found/],
    [[{ key: 'd', finding: { kind: 'probe-error', message: 'exit 1' } }], /\(d: exit 1\)/],
  ] as const)('broken: %j', (plainFindings, re) => {
    expect(selfCheckProblem(plainFindings as never)).toMatch(re);
  });
});

describe('amendCell', () => {
  test('verified: the reason ends with "verified at rest", the rest of it intact', () => {
    const r = amendCell(cell(), with1({ kind: 'as-asked', bytes: 1228 }), null);
    expect(r).toMatchObject({ verdict: 'pass', atRest: 'verified', reason: `accepted (200 OK) and verified stored as asked; ${AT_REST}` });
    expect(r.evidence).toHaveLength(1);
  });
  test('plaintext at rest: FAIL downgrade, also over an interop failure (a missing echo), whose reason is kept', () => {
    expect(amendCell(cell(), with1({ kind: 'plaintext', bytes: 1200, offset: 0 }), null)).toMatchObject({ verdict: 'fail', severity: 'downgrade', atRest: 'plaintext', reason: expect.stringMatching(/^stored in plaintext at rest: /) });
    const interop = cell({ verdict: 'fail', severity: 'interop', reason: 'stored encrypted as asked, but no echo' });
    expect(amendCell(interop, with1({ kind: 'plaintext', bytes: 1200, offset: 0 }), null)).toMatchObject({ verdict: 'fail', severity: 'downgrade', reason: expect.stringMatching(/^stored in plaintext at rest: .*\(also: stored encrypted as asked, but no echo\)$/) });
  });
  test('not found, or the probe failing on the object: ERROR, never PASS', () => {
    expect(amendCell(cell(), with1({ kind: 'not-found' }), null)).toMatchObject({ verdict: 'error', atRest: 'not-found', reason: expect.stringMatching(/^inconclusive: at rest, p\/k1: not found/) });
    expect(amendCell(cell(), with1({ kind: 'probe-error', message: 'exit 1' }), null)).toMatchObject({ verdict: 'error', atRest: 'not-probed', reason: expect.stringMatching(/exit 1/) });
  });
  test('the worst object of a cell decides', () => {
    const two = [...with1({ kind: 'as-asked', bytes: 1 }), ...with1({ kind: 'plaintext', bytes: 1, offset: 0 })];
    expect(amendCell(cell(), two, null).atRest).toBe('plaintext');
  });
  test('a broken probe: PASS cells ERROR with its one line, FAIL cells keep their verdict', () => {
    expect(amendCell(cell(), with1({ kind: 'as-asked', bytes: 1 }), 'the probe did not show X')).toMatchObject({ verdict: 'error', atRest: 'not-probed', reason: 'inconclusive: the at-rest probe is broken for this run: the probe did not show X' });
    const failed = cell({ verdict: 'fail', severity: 'exposure', reason: 'r' });
    expect(amendCell(failed, with1({ kind: 'as-asked', bytes: 1 }), 'broken')).toMatchObject({ verdict: 'fail', severity: 'exposure', reason: 'r', atRest: 'not-probed' });
  });
  test('a cell that verified nothing is marked not-probed and left as it is', () => {
    const refused = cell({ expected: 'reject', reason: 'refused (400); nothing stored' });
    expect(amendCell(refused, [], null)).toEqual({ ...refused, atRest: 'not-probed' });
  });
});

test('probe evidence: stderr redacted, the key named', () => {
  const r = new Redactor(['SECRET1']);
  const e = probeExchange('probe.sh', 'bkt', enc, { kind: 'bytes', bytes: Buffer.alloc(3), stderr: 'secret SECRET1' }, { kind: 'as-asked', bytes: 3 }, 5, r);
  expect(e).toMatchObject({ step: 'at rest: probe', request: { method: 'PROBE', url: 'probe.sh bkt p/k1' }, response: { status: 200, bodyExcerpt: 'written encrypted; 3 bytes, as asked\nprobe stderr: secret [REDACTED]' } });
  const err = probeExchange('probe.sh', 'bkt', enc, { kind: 'error', message: 'exit 2', stderr: 'SECRET1' }, { kind: 'probe-error', message: 'exit 2' }, 5, r);
  expect(err.error).toBe('exit 2\nprobe stderr: [REDACTED]');
});

test('a downgrade already found through the API keeps its verdict; plaintext at rest is added as a note', () => {
  const down = cell({ verdict: 'fail', severity: 'downgrade', reason: 'stored object is readable without the SSE-C key' });
  expect(amendCell(down, with1({ kind: 'plaintext', bytes: 1200, offset: 0 }), null)).toMatchObject({
    verdict: 'fail',
    severity: 'downgrade',
    reason: 'stored object is readable without the SSE-C key',
    atRest: 'plaintext',
    notes: ['confirmed at rest: the stored bytes of p/k1 hold the plaintext written'],
  });
});

describe('consistencyProblem: the answers checked against each other', () => {
  const a: StoredObject = { key: 'p/a', plaintext: randomBytes(900), encrypted: true };
  const b: StoredObject = { key: 'p/b', plaintext: randomBytes(900), encrypted: true };
  const cal: StoredObject = { key: 'p/cal', plaintext: randomBytes(500), encrypted: false };
  test('a probe that answers every key with the first object it read (a cache): broken', () => {
    const reads = [cal, a, b].map((object) => ({ object, bytes: cal.plaintext }));
    expect(consistencyProblem(reads)).toMatch(/bytes for p\/a hold the plaintext of another object \(p\/cal\)/);
  });
  test('two encrypted objects with different contents stored as the same bytes: broken', () => {
    const same = randomBytes(1000);
    expect(consistencyProblem([{ object: a, bytes: same }, { object: b, bytes: same }])).toMatch(/same 1000 bytes for p\/a and p\/b/);
  });
  test('real answers hold together, copies and copied parts included', () => {
    const copy: StoredObject = { key: 'p/copy', plaintext: cal.plaintext, encrypted: false };
    const withPart: StoredObject = { key: 'p/mp', plaintext: Buffer.concat([randomBytes(300), cal.plaintext]), encrypted: false };
    const reads = [
      { object: cal, bytes: cal.plaintext },
      { object: copy, bytes: cal.plaintext },
      { object: withPart, bytes: withPart.plaintext },
      { object: a, bytes: randomBytes(932) },
      { object: b, bytes: randomBytes(932) },
    ];
    expect(consistencyProblem(reads)).toBeNull();
  });
});

test('probe stderr: a secret that crosses the shown length is redacted whole, then the text is cut', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const stderr = `${'n'.repeat(4096 - 20)}${secret} and more`;
  const e = probeExchange('probe.sh', 'bkt', enc, { kind: 'bytes', bytes: Buffer.alloc(3), stderr }, { kind: 'as-asked', bytes: 3 }, 5, new Redactor([secret]));
  const body = e.response!.bodyExcerpt!;
  expect(body).not.toContain(secret.slice(0, 12));
  expect(body).toContain('[REDACTED]');
});

test('probe stderr: a secret past the first window still goes whole when what precedes the cut redacts much shorter', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  // 60 copies of the secret (each 40 characters redacted to 10) before the cut, then one across the old window's end.
  const head = `${secret} `.repeat(60);
  const stderr = `${head}${'n'.repeat(4096 + 1024 + 40 - 20 - head.length)}${secret}${'m'.repeat(3000)}`;
  const e = probeExchange('probe.sh', 'bkt', enc, { kind: 'bytes', bytes: Buffer.alloc(3), stderr }, { kind: 'as-asked', bytes: 3 }, 5, new Redactor([secret]));
  const body = e.response!.bodyExcerpt!;
  for (let i = 0; i + 12 <= secret.length; i++) expect(body).not.toContain(secret.slice(i, i + 12));
});
