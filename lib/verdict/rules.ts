// Every accept/reject rule of the judge, as one pure function. The engine gathers observations
// (the answer to the request under test, what the witnesses saw, the control's answer) and asks
// `decide` what they amount to: a verdict, or the next observation it needs. No I/O here, so every
// branch is a table-driven unit test (rules.test.ts).
import type { Case } from '../matrix/types';
import type { CauseId } from './causes';
import type { Severity, Verdict } from './types';

/** Codes that say the request was not authenticated: such a refusal proves nothing about encryption. */
export const AUTH_FAILURE_CODES = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'RequestTimeTooSkewed', 'AuthorizationHeaderMalformed', 'MissingSecurityHeader', 'InvalidSecurity', 'ExpiredToken']);
/**
 * Refusals that say the endpoint is busy or the thing is missing, not that the rule was applied:
 * a reject cell answered with one of these proves nothing.
 */
export const NOT_A_RULE_CODES = new Set(['SlowDown', 'TooManyRequests', 'ServiceUnavailable', 'NoSuchKey', 'NoSuchUpload', 'NoSuchBucket', 'RequestTimeout', 'OperationAborted']);
export const NOT_A_RULE_STATUSES = new Set([404, 405, 408, 409, 429]);

/** Error codes that say "busy, try later" (S3's and the AWS SDK's throttling names). */
export const THROTTLING_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequests',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
]);

/** Busy, not refusing: 429, 408 or a throttling code, whatever the status it came with. */
export const throttled = (status: number, code: string | undefined): boolean => status === 429 || status === 408 || (!!code && THROTTLING_CODES.has(code));
/** The end of a PASS accept cell's reason: how its storage was seen (the at-rest probe, lib/at-rest, swaps them). */
export const API_ONLY = 'verified through the API only';
export const AT_REST = 'verified at rest';

/** S3 answers these with 200 and an <Error> body when it refuses after it started answering. */
export const REFUSES_WITH_200 = new Set<Case['operation']>(['copy-object', 'upload-part-copy', 'complete-multipart-upload']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The answer to one signed request (the request under test, or its control), reduced to what the rules read. */
export type Answer =
  | { kind: 'transport'; error: string }
  | {
      kind: 'response';
      status: number;
      statusText?: string;
      /** <Error><Code> when the body is an S3 error document. */
      errorCode?: string;
      /** Location header of a redirect, as quoted in reasons (redacted and bounded by the engine). */
      location?: string;
      /** The Location's scheme as the endpoint sent it ("http", "https"; "" for none): redaction never decides a verdict. */
      locationScheme?: string;
      /** Set when the answer carries an SSE-C key (any encoding): what and where. */
      keyLeak?: string;
    };

/** What the witnesses saw. `present`: the thing that must not exist does. `blind`: a witness failed to see a thing known to be there. */
export interface WitnessReport {
  present: string | null;
  blind?: string;
}

/**
 * A check of the accepted effect, as the scenarios report it. `cause`: which check failed, an id of
 * lib/verdict/causes.ts (default: verify-failed, verify-error).
 */
export type Check = { verdict: 'pass' } | { verdict: 'fail'; severity: Severity; reason: string; cause?: CauseId } | { verdict: 'error'; reason: string; cause?: CauseId };

export interface Observations {
  act: Answer;
  /** Accept cells, after a 2xx: the scenario's verification of the effect. */
  verified?: Check;
  /** Reject cells, right after a non-accepting answer: presence only (nothing is known present yet). */
  firstLook?: WitnessReport;
  /** Reject cells: the same request without encryption. `arrangeError` when it could not be set up. */
  control?: Answer | { kind: 'arrange-error'; error: string };
  /** Reject cells, after the control: presence, with every witness shown to see a known present thing. */
  provenLook?: WitnessReport;
}

export interface Judgement {
  verdict: Exclude<Verdict, 'skipped'>;
  severity?: Severity;
  reason: string;
  /** Which check decided a verdict that is not a PASS (lib/verdict/causes.ts). */
  cause?: CauseId;
}

export type Need = 'verify' | 'first-look' | 'control' | 'proven-look';
export type Decision = { need: Need } | Judgement;

export interface RuleOptions {
  strict: boolean;
}

export function statusLine(a: Answer): string {
  if (a.kind === 'transport') return `no answer (${a.error})`;
  return `${a.status} ${a.statusText ?? ''}${a.errorCode ? ` ${a.errorCode}` : ''}`.replace(/\s+/g, ' ').trim();
}

const fail = (cause: CauseId, severity: Severity, reason: string): Judgement => ({ verdict: 'fail', severity, reason, cause });
const error = (cause: CauseId, reason: string): Judgement => ({ verdict: 'error', reason, cause });
const inconclusive = (cause: CauseId, reason: string): Judgement => error(cause, `inconclusive: ${reason}`);
/** Which half of the row's rule a cell's combination is outside of (the transport first). */
const forbidden = (c: Case): 'transport' | 'auth' => (c.rule && !c.rule.protocols.includes(c.protocol) ? 'transport' : 'auth');

/** How an answer reads, before the cell's expectation is applied. */
type Reading =
  | { kind: 'no-answer' }
  | { kind: 'accepted' }
  | { kind: 'redirect'; away: boolean }
  | { kind: 'not-implemented' }
  | { kind: 'server-error' }
  | { kind: 'refused'; bodiless: boolean }
  | { kind: 'unexpected' };

const schemeOf = (a: { location?: string; locationScheme?: string }): string => a.locationScheme ?? /^([a-z][a-z0-9+.-]*):/i.exec(a.location ?? '')?.[1]?.toLowerCase() ?? '';

function read(c: Case, a: Answer): Reading {
  if (a.kind === 'transport') return { kind: 'no-answer' };
  const { status } = a;
  if (status >= 200 && status < 300) {
    if (!a.errorCode) return { kind: 'accepted' };
    return REFUSES_WITH_200.has(c.operation) ? { kind: 'refused', bodiless: false } : { kind: 'unexpected' };
  }
  if (REDIRECTS.has(status)) return { kind: 'redirect', away: a.location === undefined || schemeOf(a) !== c.protocol };
  if (status === 501 && (a.errorCode === 'NotImplemented' || c.operation === 'head-object')) return { kind: 'not-implemented' };
  if (status >= 500) return { kind: 'server-error' };
  if (status >= 400) {
    // HEAD has no body; everything else must carry an S3 error document.
    if (c.operation === 'head-object') return { kind: 'refused', bodiless: !a.errorCode };
    return a.errorCode ? { kind: 'refused', bodiless: false } : { kind: 'unexpected' };
  }
  return { kind: 'unexpected' };
}

function acceptCell(c: Case, o: Observations, r: Reading): Decision {
  const a = o.act;
  const line = statusLine(a);
  switch (r.kind) {
    case 'no-answer':
      return error('no-answer', `no answer to the request under test: ${a.kind === 'transport' ? a.error : ''}`);
    case 'accepted': {
      if (!o.verified) return { need: 'verify' };
      const v = o.verified;
      // The at-rest probe (--at-rest) replaces the last words with AT_REST when it saw the stored bytes.
      if (v.verdict === 'pass') return { verdict: 'pass', reason: `accepted (${line}) and verified stored as asked; ${API_ONLY}` };
      return v.verdict === 'fail' ? fail(v.cause ?? 'verify-failed', v.severity, v.reason) : error(v.cause ?? 'verify-error', v.reason);
    }
    case 'redirect': {
      const where = a.kind === 'response' ? a.location ?? 'nowhere' : '';
      return r.away
        ? fail('redirected-away', 'interop', `redirected (${line}) to ${where}, away from ${c.protocol.toUpperCase()}: a request the rule says must be accepted is not (redirects are never followed: they would resend the key)`)
        : error('redirected', `redirected (${line}) to ${where}: not followed (it would resend the key), so the cell cannot be judged`);
    }
    case 'not-implemented':
      return fail('not-implemented', 'interop', 'answered 501 NotImplemented: the endpoint does not implement a request the rule says must be accepted');
    case 'server-error':
      return error('endpoint-error', `endpoint error ${line}: neither an acceptance nor a rejection`);
    case 'unexpected':
      return error('unexpected-answer', `unexpected answer ${line}`);
    case 'refused': {
      const code = a.kind === 'response' ? a.errorCode : undefined;
      if (code && AUTH_FAILURE_CODES.has(code)) return fail('refused-allowed-signature', 'interop', `refused with ${code}: the endpoint does not accept this signature`);
      // Throttling says "later", not "no": it proves nothing about the rule (and --retries may judge it again).
      if (a.kind === 'response' && throttled(a.status, code)) return error('busy', `busy (${line}): throttled, neither an acceptance nor a refusal by the rule`);
      return fail('refused-allowed', 'interop', `refused (${line}) a request the rule says must be accepted`);
    }
  }
}

function rejectCell(c: Case, o: Observations, r: Reading, opts: RuleOptions): Decision {
  const a = o.act;
  const line = statusLine(a);
  if (r.kind === 'accepted') return fail(`accepted-forbidden-${forbidden(c)}`, 'exposure', `accepted (${line}) a request the rule says must be refused`);
  // Whatever the answer said, a write behind it is an exposure: look before anything else.
  if (!o.firstLook) return { need: 'first-look' };
  if (o.firstLook.present) return fail('write-behind-refusal', 'exposure', `answered ${line}, but ${o.firstLook.present}`);
  const code = a.kind === 'response' ? a.errorCode : undefined;
  // When the look itself failed, an answer that proves nothing says so, and that nothing was checked.
  const unchecked = o.firstLook.blind ? `; ${o.firstLook.blind}` : '';
  switch (r.kind) {
    case 'no-answer':
      return error('no-answer', `no answer to the request under test: ${a.kind === 'transport' ? a.error : ''}${unchecked}`);
    case 'redirect':
      return inconclusive('redirected', `redirected (${line}) to ${a.kind === 'response' ? a.location ?? 'nowhere' : ''}: a redirect is not a refusal by the rule, and it is not followed${unchecked}`);
    case 'not-implemented':
      return inconclusive('not-implemented', `answered 501 NotImplemented, which says nothing about the encryption rule${unchecked}`);
    case 'server-error':
      return error('endpoint-error', `endpoint error ${line}: neither an acceptance nor a rejection${unchecked}`);
    case 'unexpected':
      return error('unexpected-answer', `${a.kind === 'response' && a.status >= 400 ? `refused with ${a.status} but without an S3 error document: unparsable answer` : `unexpected answer ${line}`}${unchecked}`);
    case 'refused':
      break;
  }
  if (code && AUTH_FAILURE_CODES.has(code)) return inconclusive('auth-failure', `refused with ${code}, an authentication failure, not the encryption rule${unchecked}`);
  if (a.kind === 'response' && (NOT_A_RULE_STATUSES.has(a.status) || (code && NOT_A_RULE_CODES.has(code)))) {
    return inconclusive('busy-or-missing', `refused with ${line}, which says the endpoint is busy or the thing is missing, not that the rule applied${unchecked}`);
  }
  // HEAD carries no error document: only 400, the status of an SSE refusal, is told apart from an
  // authentication failure (403) or anything else.
  if (c.operation === 'head-object' && a.kind === 'response' && a.status !== 400) {
    return inconclusive('bodiless-refusal', `HEAD refused with ${a.status} and no body: cannot tell the rule from an authentication failure${unchecked}`);
  }
  if (o.firstLook.blind) return inconclusive('witness-failed', `refused (${line}), but ${o.firstLook.blind}`);
  // The refusal counts only if the same request without encryption is accepted.
  if (!o.control) return { need: 'control' };
  const ctl = o.control;
  if (ctl.kind === 'arrange-error') return inconclusive('control-not-arranged', `control could not be arranged: ${ctl.error}`);
  if (read(c, ctl).kind !== 'accepted') return inconclusive('control-refused', `the same request without encryption got ${statusLine(ctl)} too`);
  if (!o.provenLook) return { need: 'proven-look' };
  if (o.provenLook.present) return fail('write-behind-refusal', 'exposure', `${o.provenLook.present} (seen after the refusal)`);
  if (o.provenLook.blind) return inconclusive('witness-blind', `nothing stored cannot be shown: ${o.provenLook.blind}`);
  if (opts.strict && c.expectedError && a.kind === 'response') {
    const want = c.expectedError;
    if (a.status !== want.status || (code !== undefined && code !== want.code)) {
      return fail('strict-code', 'interop', `strict: refused with ${line}, the profile names ${want.status} ${want.code}`);
    }
  }
  return { verdict: 'pass', reason: `refused (${line}); nothing stored; the unencrypted control was accepted` };
}

/**
 * The verdict the observations support, or the observation still needed. An answer carrying the
 * SSE-C key back is an exposure whatever else it says: the key travels (over HTTP: in clear) and
 * lands in logs and caches.
 */
export function decide(c: Case, o: Observations, opts: RuleOptions): Decision {
  if (o.act.kind === 'response' && o.act.keyLeak) return fail('key-in-answer', 'exposure', `the answer carries the SSE-C key itself (${o.act.keyLeak})`);
  const r = read(c, o.act);
  return c.expected === 'accept' ? acceptCell(c, o, r) : rejectCell(c, o, r, opts);
}

/** The final sweep after the settle time: a late write turns any refused cell into an exposure. */
export function afterSweep(j: Judgement, seen: WitnessReport, msAfterAnswer: number): Judgement {
  if (seen.present) return fail('late-write', 'exposure', `${seen.present}: a late write, seen at the final re-check ${(msAfterAnswer / 1000).toFixed(1)} s after the answer (earlier looks saw nothing)`);
  if (seen.blind && j.verdict === 'pass') return inconclusive('witness-blind', `at the final re-check, nothing stored cannot be shown: ${seen.blind}`);
  return j;
}

/**
 * What the run's listings found in a cell's folder that the harness never wrote (lib/engine/account.ts):
 * a write no request asked for, beside a refusal or an acceptance alike, is an exposure (its
 * content and encryption are the endpoint's secret). An exposure already found stands.
 */
export function afterAccounting(j: Judgement, strangers: readonly string[], expected: Case['expected']): Judgement {
  if (strangers.length === 0 || (j.verdict === 'fail' && j.severity === 'exposure')) return j;
  const was = j.verdict === 'pass' ? (expected === 'accept' ? 'accepted' : 'refused') : `judged ${j.verdict.toUpperCase()} (${j.reason})`;
  return fail('write-nobody-asked', 'exposure', `${was}, but the cell's folder holds ${firstAndMore(strangers)}: a write no request asked for, seen by a listing of the run`);
}

/** The first of what was found, and how many more: "x", "x and 2 more". */
export function firstAndMore(found: readonly string[]): string {
  return `${found[0]}${found.length > 1 ? ` and ${found.length - 1} more` : ''}`;
}
