import { expandProfile } from '../matrix/expand';
import type { Case } from '../matrix/types';
import { loadProfile } from '../profile/load';
import { afterAccounting, afterSweep, decide, type Answer, type Decision, type Judgement, type Observations } from './rules';

const cases = new Map(expandProfile(loadProfile('obs')).map((c) => [c.id, c]));
const cell = (id: string): Case => {
  const c = cases.get(id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

const ok = (status = 200): Answer => ({ kind: 'response', status });
const refusedWith = (status: number, errorCode?: string): Answer => ({ kind: 'response', status, ...(errorCode ? { errorCode } : {}) });
const nothing = { present: null };
const stored = { present: 'refused, but the object was stored' };
const blind = { present: null, blind: "a listing of the cell's folder does not show the control's object, known to be stored" };

// A reject cell (PUT with SSE-KMS over HTTP), an accept cell, a copy reject cell, a HEAD reject cell.
const REJECT = 'sse-kms/put-object/http-v4';
const ACCEPT = 'sse-kms/put-object/https-v4';
const COPY_REJECT = 'copy/plain-to-sse-kms/http-v4';
const COPY_ACCEPT = 'copy/plain-to-sse-kms/https-v4';
const HEAD_REJECT = 'sse-c/head-object/http-v4';

type Row = [name: string, id: string, o: Observations, expected: Partial<Exclude<Decision, { need: string }>> | { need: string }, strict?: boolean];

const refusal = refusedWith(400, 'InvalidRequest');
const fullRefusal: Observations = { act: refusal, firstLook: nothing, control: ok(), provenLook: nothing };

const ROWS: Row[] = [
  // Accept cells
  ['accepted: verify first', ACCEPT, { act: ok() }, { need: 'verify' }],
  ['accepted and verified: PASS', ACCEPT, { act: ok(), verified: { verdict: 'pass' } }, { verdict: 'pass' }],
  ['accepted, stored plaintext: FAIL downgrade', ACCEPT, { act: ok(), verified: { verdict: 'fail', severity: 'downgrade', reason: 'x' } }, { verdict: 'fail', severity: 'downgrade' }],
  ['accepted, verify could not run: ERROR', ACCEPT, { act: ok(), verified: { verdict: 'error', reason: 'x' } }, { verdict: 'error' }],
  ['refused: FAIL interop', ACCEPT, { act: refusal }, { verdict: 'fail', severity: 'interop' }],
  ['auth refusal: FAIL interop', ACCEPT, { act: refusedWith(403, 'SignatureDoesNotMatch') }, { verdict: 'fail', severity: 'interop' }],
  ['501 NotImplemented: FAIL interop', ACCEPT, { act: refusedWith(501, 'NotImplemented') }, { verdict: 'fail', severity: 'interop' }],
  ['500: ERROR', ACCEPT, { act: refusedWith(500, 'InternalError') }, { verdict: 'error' }],
  ['no answer: ERROR', ACCEPT, { act: { kind: 'transport', error: 'timeout' } }, { verdict: 'error' }],
  ['refused without error document: FAIL interop is not claimed, ERROR', ACCEPT, { act: refusedWith(400) }, { verdict: 'error' }],
  ['copy answered 200 with an error document: a refusal, FAIL interop', COPY_ACCEPT, { act: refusedWith(200, 'AccessDenied') }, { verdict: 'fail', severity: 'interop' }],
  ['copy answered 200 with InternalError: an endpoint error, ERROR', COPY_ACCEPT, { act: refusedWith(200, 'InternalError') }, { verdict: 'error' }],
  ['429 on an accept cell: busy, ERROR (not a refusal by the rule)', ACCEPT, { act: refusedWith(429, 'TooManyRequests') }, { verdict: 'error' }],
  ['400 SlowDown on an accept cell: busy, ERROR', ACCEPT, { act: refusedWith(400, 'SlowDown') }, { verdict: 'error' }],
  ['copy answered 200 with SlowDown: busy, ERROR', COPY_ACCEPT, { act: refusedWith(200, 'SlowDown') }, { verdict: 'error' }],
  ['PUT answered 200 with an error document: ERROR', ACCEPT, { act: refusedWith(200, 'InternalError') }, { verdict: 'error' }],
  ['redirect away from the protocol: FAIL interop', ACCEPT, { act: { kind: 'response', status: 301, location: 'http://elsewhere/' } }, { verdict: 'fail', severity: 'interop' }],
  ['redirect within the protocol: ERROR, never PASS', ACCEPT, { act: { kind: 'response', status: 307, location: 'https://elsewhere/' } }, { verdict: 'error' }],
  ['key in the answer: FAIL exposure', ACCEPT, { act: { kind: 'response', status: 200, keyLeak: 'hex in the body' }, verified: { verdict: 'pass' } }, { verdict: 'fail', severity: 'exposure' }],
  // Reject cells
  ['accepted: FAIL exposure', REJECT, { act: ok() }, { verdict: 'fail', severity: 'exposure' }],
  ['refused: first look', REJECT, { act: refusal }, { need: 'first-look' }],
  ['refused, stored: FAIL exposure', REJECT, { act: refusal, firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['refused, nothing seen: control', REJECT, { act: refusal, firstLook: nothing }, { need: 'control' }],
  ['control accepted: proven look', REJECT, { act: refusal, firstLook: nothing, control: ok() }, { need: 'proven-look' }],
  ['all proven: PASS', REJECT, fullRefusal, { verdict: 'pass' }],
  ['stored after the control: FAIL exposure', REJECT, { ...fullRefusal, provenLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['a blind witness: ERROR inconclusive, never PASS', REJECT, { ...fullRefusal, provenLook: blind }, { verdict: 'error' }],
  ['control refused too: ERROR inconclusive', REJECT, { ...fullRefusal, control: refusal }, { verdict: 'error' }],
  ['control not arranged: ERROR inconclusive', REJECT, { ...fullRefusal, control: { kind: 'arrange-error', error: 'x' } }, { verdict: 'error' }],
  ['503 SlowDown with a write behind it: FAIL exposure', REJECT, { act: refusedWith(503, 'SlowDown'), firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['503 SlowDown, nothing stored: ERROR', REJECT, { act: refusedWith(503, 'SlowDown'), firstLook: nothing }, { verdict: 'error' }],
  ['500: looks first', REJECT, { act: refusedWith(500, 'InternalError') }, { need: 'first-look' }],
  ['501 with a write behind it: FAIL exposure', REJECT, { act: refusedWith(501, 'NotImplemented'), firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['501, nothing stored: ERROR inconclusive', REJECT, { act: refusedWith(501, 'NotImplemented'), firstLook: nothing }, { verdict: 'error' }],
  ['auth refusal with a write behind it: FAIL exposure', REJECT, { act: refusedWith(403, 'SignatureDoesNotMatch'), firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['auth refusal: ERROR inconclusive', REJECT, { act: refusedWith(403, 'SignatureDoesNotMatch'), firstLook: nothing }, { verdict: 'error' }],
  ['429: ERROR inconclusive', REJECT, { act: refusedWith(429, 'SlowDown'), firstLook: nothing }, { verdict: 'error' }],
  ['404 NoSuchKey with a write behind it: FAIL exposure', REJECT, { act: refusedWith(404, 'NoSuchKey'), firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['no answer, a write behind it: FAIL exposure', REJECT, { act: { kind: 'transport', error: 'reset' }, firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['no answer, nothing stored: ERROR', REJECT, { act: { kind: 'transport', error: 'reset' }, firstLook: nothing }, { verdict: 'error' }],
  ['refused without error document: ERROR', REJECT, { act: refusedWith(400), firstLook: nothing }, { verdict: 'error' }],
  ['redirect: ERROR inconclusive', REJECT, { act: { kind: 'response', status: 302, location: 'https://x/' }, firstLook: nothing }, { verdict: 'error' }],
  ['redirect with a write behind it: FAIL exposure', REJECT, { act: { kind: 'response', status: 302, location: 'https://x/' }, firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['copy refused S3-style (200 + error document): judged as a refusal', COPY_REJECT, { act: refusedWith(200, 'InvalidRequest'), firstLook: nothing, control: ok(), provenLook: nothing }, { verdict: 'pass' }],
  ['copy 200 + error document with a write behind it: FAIL exposure', COPY_REJECT, { act: refusedWith(200, 'InvalidRequest'), firstLook: stored }, { verdict: 'fail', severity: 'exposure' }],
  ['copy control answered 200 + error document: not accepted, inconclusive', COPY_REJECT, { act: refusal, firstLook: nothing, control: refusedWith(200, 'InternalError') }, { verdict: 'error' }],
  ['PUT 200 + error document: not a refusal, ERROR', REJECT, { act: refusedWith(200, 'InvalidRequest'), firstLook: nothing }, { verdict: 'error' }],
  ['HEAD 400 without body: a refusal', HEAD_REJECT, { act: refusedWith(400), firstLook: nothing, control: ok(), provenLook: nothing }, { verdict: 'pass' }],
  ['HEAD 403 without body: inconclusive', HEAD_REJECT, { act: refusedWith(403), firstLook: nothing }, { verdict: 'error' }],
  ['key in a refusal: FAIL exposure', REJECT, { ...fullRefusal, act: { kind: 'response', status: 400, errorCode: 'InvalidRequest', keyLeak: 'raw bytes in the body' } }, { verdict: 'fail', severity: 'exposure' }],
  ['no answer, and the look failed too: ERROR saying both', REJECT, { act: { kind: 'transport', error: 'tls' }, firstLook: { present: null, blind: 'the look for a write behind it failed (tls)' } }, { verdict: 'error', reason: 'no answer to the request under test: tls; the look for a write behind it failed (tls)' }],
  ['refused, but the look failed: ERROR inconclusive, no control', REJECT, { act: refusal, firstLook: { present: null, blind: 'the look for a write behind it failed (x)' } }, { verdict: 'error', reason: expect.stringMatching(/^inconclusive: refused .*the look for a write behind it failed/) }],
  ['strict, wrong code: FAIL interop', REJECT, { ...fullRefusal, act: refusedWith(400, 'AccessDenied') }, { verdict: 'fail', severity: 'interop' }, true],
  ['strict, right code: PASS', REJECT, fullRefusal, { verdict: 'pass' }, true],
];

test.each(ROWS)('%s (%s)', (_name, id, o, expected, strict = false) => {
  const d = decide(cell(id), o, { strict });
  expect(d).toMatchObject(expected);
  if ('verdict' in d && d.verdict === 'error' && 'verdict' in expected && expected.verdict === 'error' && id !== ACCEPT) {
    // Errors on reject cells that prove nothing say so.
    expect(typeof d.reason).toBe('string');
  }
});

test('a blind witness is called inconclusive, and names what it could not see', () => {
  const d = decide(cell(REJECT), { ...fullRefusal, provenLook: blind }, { strict: false });
  expect(d).toMatchObject({ verdict: 'error', reason: expect.stringMatching(/^inconclusive: .*control's object/) });
});

test('the final sweep: a late write is an exposure saying when it was seen; a blind sweep takes a PASS away', () => {
  const pass = { verdict: 'pass' as const, reason: 'refused' };
  expect(afterSweep(pass, stored, 2500)).toMatchObject({ verdict: 'fail', severity: 'exposure', reason: expect.stringMatching(/late write.*2\.5 s after the answer/) });
  expect(afterSweep(pass, blind, 2500)).toMatchObject({ verdict: 'error', reason: expect.stringMatching(/^inconclusive/) });
  expect(afterSweep(pass, nothing, 2500)).toBe(pass);
  const err = { verdict: 'error' as const, reason: 'endpoint error 503' };
  expect(afterSweep(err, stored, 100)).toMatchObject({ verdict: 'fail', severity: 'exposure' });
  expect(afterSweep(err, blind, 100)).toBe(err);
});

describe('afterAccounting: what a listing of the run found in a cell\'s folder that the harness never wrote', () => {
  const stranger = 'an object the harness never wrote (key "x")';
  const pass: Judgement = { verdict: 'pass', reason: 'refused; nothing stored' };
  const rows: [name: string, j: Judgement, strangers: string[], expected: 'accept' | 'reject', want: Partial<Judgement> | 'same'][] = [
    ['nothing found: unchanged', pass, [], 'reject', 'same'],
    ['refused and PASS, a stranger: FAIL exposure', pass, [stranger], 'reject', { verdict: 'fail', severity: 'exposure', reason: expect.stringMatching(/^refused, but the cell's folder holds an object the harness never wrote/) as unknown as string }],
    ['accepted and PASS, a stranger: FAIL exposure', pass, [stranger], 'accept', { verdict: 'fail', severity: 'exposure', reason: expect.stringMatching(/^accepted, but/) as unknown as string }],
    ['ERROR, a stranger: FAIL exposure, the error quoted', { verdict: 'error', reason: 'inconclusive: x' }, [stranger, stranger], 'reject', { verdict: 'fail', severity: 'exposure', reason: expect.stringMatching(/judged ERROR \(inconclusive: x\).* and 1 more/) as unknown as string }],
    ['FAIL interop, a stranger: FAIL exposure', { verdict: 'fail', severity: 'interop', reason: 'r' }, [stranger], 'accept', { verdict: 'fail', severity: 'exposure' }],
    ['FAIL exposure already: unchanged', { verdict: 'fail', severity: 'exposure', reason: 'r' }, [stranger], 'reject', 'same'],
  ];
  test.each(rows)('%s', (_name, j, strangers, expected, want) => {
    const out = afterAccounting(j, strangers, expected);
    if (want === 'same') expect(out).toBe(j);
    else expect(out).toMatchObject(want);
  });
});
