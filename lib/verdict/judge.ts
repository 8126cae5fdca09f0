import { sendSigned, type Outcome } from '../engine/act';
import { withCaseScope, type CaseScope } from '../engine/case-scope';
import type { EngineContext } from '../engine/context';
import { AUTH_FAILURE_CODES, NOT_A_RULE_CODES, NOT_A_RULE_STATUSES, parseS3Error } from '../engine/s3-error';
import { TrustedStepError } from '../engine/trusted-ops';
import type { Case } from '../matrix/types';
import { SCENARIOS } from '../scenarios';
import type { Check, Shape } from '../scenarios/types';
import { caseIdentity } from './case-identity';
import type { CaseResult, Severity, Verdict } from './types';

interface Judgement {
  verdict: Verdict;
  severity?: Severity;
  reason: string;
  observed: CaseResult['observed'];
}

function keyFor(ctx: EngineContext, c: Case, variant: 'act' | 'control'): string {
  return `${ctx.prefix}${c.id.replace(/\//g, '.')}/${variant}`;
}

/** The control of a case: same interface, protocol and signature, nothing encrypted. */
export function controlShape(ctx: EngineContext, c: Case): Shape {
  return { operation: c.operation, source: c.source === null ? null : 'plain', target: 'plain', protocol: c.protocol, auth: c.auth, key: keyFor(ctx, c, 'control') };
}

function statusLine(o: Outcome): string {
  if (o.kind === 'transport') return `no answer (${o.error.kind}: ${o.error.message})`;
  const err = parseS3Error(o.response.body);
  return `${o.response.status} ${o.response.statusText}${err ? ` ${err.code}` : ''}`.trim();
}

function fromCheck(check: Check, observed: Judgement['observed'], passReason: string): Judgement {
  if (check.verdict === 'pass') return { verdict: 'pass', reason: passReason, observed };
  if (check.verdict === 'fail') return { verdict: 'fail', severity: check.severity, reason: check.reason, observed };
  return { verdict: 'error', reason: check.reason, observed };
}

async function judgeInScope(ctx: EngineContext, c: Case): Promise<Judgement> {
  const scenario = SCENARIOS[c.operation];
  const shape: Shape = { operation: c.operation, source: c.source, target: c.target, protocol: c.protocol, auth: c.auth, key: keyFor(ctx, c, 'act') };
  let arranged;
  try {
    arranged = await scenario.arrange(ctx, shape);
  } catch (e) {
    return { verdict: 'error', reason: `arrange: ${(e as Error).message}`, observed: { status: 0 } };
  }
  const outcome = await sendSigned(ctx, 'act', scenario.request(ctx, shape, arranged));
  if (outcome.kind === 'transport') {
    return { verdict: 'error', reason: `no answer to the request under test: ${outcome.error.kind}: ${outcome.error.message}`, observed: { status: 0 } };
  }
  const res = outcome.response;
  const errorDoc = parseS3Error(res.body);
  const observed = { status: res.status, ...(errorDoc ? { code: errorDoc.code } : {}) };
  // An SSE-C key coming back from the endpoint travels in clear over HTTP and lands in logs and caches.
  if (res.headers && (Object.values(res.headers).some((v) => v.includes(ctx.ssec.keyB64)) || res.body.includes(ctx.ssec.keyB64))) {
    return { verdict: 'fail', severity: 'exposure', reason: 'the answer carries the SSE-C key itself', observed };
  }
  if (res.status === 501 && (errorDoc?.code === 'NotImplemented' || c.operation === 'head-object')) {
    // A definite answer, not a failure to answer: the endpoint does not offer this request at all.
    return c.expected === 'accept'
      ? { verdict: 'fail', severity: 'interop', reason: `answered 501 NotImplemented: the endpoint does not implement a request the rule says must be accepted`, observed }
      : { verdict: 'error', reason: `inconclusive: answered 501 NotImplemented, which says nothing about the encryption rule`, observed };
  }
  if (res.status >= 500) return { verdict: 'error', reason: `endpoint error ${statusLine(outcome)}: neither an acceptance nor a rejection`, observed };

  // S3 can answer a copy with 200 and an error document in the body: that is a refusal.
  const accepted = res.status >= 200 && res.status < 300 && !errorDoc;
  if (accepted) {
    if (c.expected === 'reject') {
      return { verdict: 'fail', severity: 'exposure', reason: `accepted (${res.status}) a request the rule says must be refused`, observed };
    }
    return fromCheck(await scenario.verifyAccepted(ctx, shape, arranged, res), observed, `accepted (${res.status}) and verified stored as asked`);
  }
  if (res.status < 400 || res.status >= 500) return { verdict: 'error', reason: `unexpected answer ${statusLine(outcome)}`, observed };
  // A refusal: HEAD has no body; everything else must carry an S3 error document.
  if (c.operation !== 'head-object' && !errorDoc) {
    return { verdict: 'error', reason: `refused with ${res.status} but without an S3 error document: unparsable answer`, observed };
  }
  if (errorDoc && AUTH_FAILURE_CODES.has(errorDoc.code)) {
    return c.expected === 'reject'
      ? { verdict: 'error', reason: `inconclusive: refused with ${errorDoc.code}, an authentication failure, not the encryption rule`, observed }
      : { verdict: 'fail', severity: 'interop', reason: `refused with ${errorDoc.code}: the endpoint does not accept this signature`, observed };
  }
  if (c.expected === 'accept') {
    return { verdict: 'fail', severity: 'interop', reason: `refused (${statusLine(outcome)}) a request the rule says must be accepted`, observed };
  }
  if (NOT_A_RULE_STATUSES.has(res.status) || (errorDoc && NOT_A_RULE_CODES.has(errorDoc.code))) {
    return { verdict: 'error', reason: `inconclusive: refused with ${statusLine(outcome)}, which says the endpoint is busy or the thing is missing, not that the rule applied`, observed };
  }
  // HEAD carries no error document: only 400, the status of an SSE refusal, is told apart from an
  // authentication failure (403) or anything else.
  if (c.operation === 'head-object' && res.status !== 400) {
    return { verdict: 'error', reason: `inconclusive: HEAD refused with ${res.status} and no body: cannot tell the rule from an authentication failure`, observed };
  }
  const effect = await scenario.sideEffect(ctx, shape, arranged);
  if (effect) return { verdict: 'fail', severity: 'exposure', reason: effect, observed };

  // The refusal counts only if the same request without encryption is accepted.
  const control = controlShape(ctx, c);
  let controlOutcome: Outcome;
  try {
    controlOutcome = await sendSigned(ctx, 'control', scenario.request(ctx, control, await scenario.arrange(ctx, control)));
  } catch (e) {
    return { verdict: 'error', reason: `inconclusive: control could not be arranged: ${(e as Error).message}`, observed };
  }
  const controlOk = controlOutcome.kind === 'response' && controlOutcome.response.status < 300 && controlOutcome.response.status >= 200 && !parseS3Error(controlOutcome.response.body);
  if (!controlOk) {
    return { verdict: 'error', reason: `inconclusive: the same request without encryption got ${statusLine(controlOutcome)} too`, observed };
  }
  // Once more after the control: a write that lands a moment after its refusal is still an exposure.
  const lateEffect = await scenario.sideEffect(ctx, shape, arranged);
  if (lateEffect) return { verdict: 'fail', severity: 'exposure', reason: `${lateEffect} (seen after the refusal)`, observed };
  if (ctx.strict && c.expectedError) {
    const want = c.expectedError;
    if (res.status !== want.status || (errorDoc && errorDoc.code !== want.code)) {
      return { verdict: 'fail', severity: 'interop', reason: `strict: refused with ${statusLine(outcome)}, the profile names ${want.status} ${want.code}`, observed };
    }
  }
  return { verdict: 'pass', reason: `refused (${statusLine(outcome)}); nothing stored; the unencrypted control was accepted`, observed };
}

export async function judgeCase(ctx: EngineContext, c: Case): Promise<CaseResult> {
  const scope: CaseScope = { requests: 0, evidence: [] };
  const started = performance.now();
  let j: Judgement;
  try {
    j = await withCaseScope(scope, () => judgeInScope(ctx, c));
  } catch (e) {
    const reason = e instanceof TrustedStepError ? e.message : `harness error: ${(e as Error).message}`;
    j = { verdict: 'error', reason, observed: { status: 0 } };
  }
  const notes: string[] = [];
  if (c.protocol === 'http' && (c.source === 'sse-c' || (c.target === 'sse-c' && c.operation !== 'complete-multipart-upload'))) {
    notes.push('this request sends an SSE-C key over plain HTTP: anyone on the path can read it');
  }
  return {
    ...caseIdentity(c),
    verdict: j.verdict,
    ...(j.severity ? { severity: j.severity } : {}),
    observed: j.observed,
    reason: j.reason,
    ...(notes.length ? { notes } : {}),
    durationMs: Math.round(performance.now() - started),
    requests: scope.requests,
    evidence: scope.evidence,
  };
}
