// Orchestration of one cell: arrange, send the request under test, then gather exactly the
// observations the rules (./rules.ts) ask for: the verification, the witnesses, the control.
import { ledgerOf, type StoredObject } from '../at-rest/ledger';
import { sendSigned, type Outcome } from '../engine/act';
import { registerCellKey } from '../engine/account';
import { withCaseScope, type CaseScope } from '../engine/case-scope';
import type { EngineContext } from '../engine/context';
import type { SseCKey } from '../engine/sse';
import { cellFolder, cellKmsKeyId, cellSseCKey, opaqueName } from '../engine/keys';
import { isTransientAnswer, isTransientExchange, isTransientThrown } from '../engine/retry-policy';
import { parseS3Error } from '../engine/s3-error';
import { errorCodeOf, failureText, TrustedStepError } from '../engine/trusted-ops';
import type { Case } from '../matrix/types';
import { redactCase } from '../report/redact-results';
import { SCENARIOS } from '../scenarios';
import type { Arranged, Known, Shape } from '../scenarios/types';
import { caseIdentity } from './case-identity';
import { findKeyLeak } from './key-leak';
import { decide, statusLine, type Answer, type Judgement, type Observations, type WitnessReport } from './rules';
import type { CaseResult } from './types';

/** The control of a case: same interface, protocol and signature, nothing encrypted, in the same folder. */
export function controlShape(c: Case, folder: string, keys: Shape['keys']): Shape {
  return { operation: c.operation, source: c.source === null ? null : 'plain', target: 'plain', protocol: c.protocol, auth: c.auth, folder, key: `${folder}${opaqueName()}`, keys };
}

/** An answer as the rules read it; the SSE-C key is looked for in every encoding, headers and body. */
export function answerOf(ctx: EngineContext, o: Outcome, keys: SseCKey[]): Answer {
  if (o.kind === 'transport') return { kind: 'transport', error: `${o.error.kind}: ${o.error.message}` };
  const res = o.response;
  // Parsed from the answer as it came: the rules compare its code (a short secret key redacted out
  // of "SignatureDoesNotMatch" would turn an authentication failure into a refusal by the rule). A
  // code is quoted only when it is one S3 could send (letters, digits, ._-), so redacting it when it
  // is recorded (redactCase) sees it exactly as it came.
  const doc = parseS3Error(res.body);
  const code = doc ? errorCodeOf(doc.code) : undefined;
  const keyLeak = findKeyLeak(
    res.headers,
    res.body,
    keys.map((k) => Buffer.from(k.keyB64, 'base64')),
  );
  const location = res.headers.location;
  return {
    kind: 'response',
    status: res.status,
    statusText: res.statusText,
    ...(code ? { errorCode: code } : {}),
    // Endpoint text quoted in reasons and reports: redacted, then bounded; its scheme, read as sent, is what the rules use.
    ...(location !== undefined ? { location: bounded(location, 1024, ctx), locationScheme: /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1]?.toLowerCase() ?? '' } : {}),
    ...(keyLeak ? { keyLeak } : {}),
  };
}

/** Redacted, then cut: a cut first could leave part of a secret that no registered form matches. */
function bounded(s: string, max: number, ctx: EngineContext): string {
  const { text, truncated } = ctx.redactor.excerpt(s, max);
  return truncated ? `${text}… (${s.length} characters)` : text;
}

interface Judged extends Judgement {
  observed: CaseResult['observed'];
  keys?: CaseResult['keys'];
  /** An ERROR whose cause is passing (no answer, 5xx, throttling): `--retries` may judge the cell again. */
  retryable?: boolean;
  /** The answer to the request under test, as a cause quotes it (status and code). */
  answer?: string;
}

async function judgeInScope(ctx: EngineContext, c: Case, scope: CaseScope): Promise<Judged> {
  const scenario = SCENARIOS[c.operation];
  const folder = cellFolder(ctx);
  const shape: Shape = {
    operation: c.operation,
    source: c.source,
    target: c.target,
    protocol: c.protocol,
    auth: c.auth,
    folder,
    key: `${folder}${opaqueName()}`,
    keys: { ssec: cellSseCKey(ctx), kmsKeyId: cellKmsKeyId(ctx, c) },
  };
  const keys: NonNullable<CaseResult['keys']> = { folder };
  // The folder's accounts: what the harness names in it (the trusted path adds what it writes there).
  registerCellKey(ctx, c.id, folder, shape.key);
  let arranged: Arranged;
  try {
    arranged = await scenario.arrange(ctx, shape);
  } catch (e) {
    return { verdict: 'error', reason: `arrange: ${failureText(e)}`, cause: 'arrange-failed', observed: { status: 0 }, keys, retryable: isTransientThrown(e) };
  }
  keys.act = arranged.key;
  const outcome = await sendSigned(ctx, 'act', scenario.request(ctx, shape, arranged));
  // The cell's own key and the fixtures' (a copy source's key travels too).
  const sent = [shape.keys.ssec, ctx.ssec];
  const o: Observations = { act: answerOf(ctx, outcome, sent) };
  const observed: CaseResult['observed'] = o.act.kind === 'response' ? { status: o.act.status, ...(o.act.errorCode ? { code: o.act.errorCode } : {}) } : { status: 0 };
  let known: Known | undefined;
  // A trusted step (a look, the control's fixtures, the verification's reads) that got no answer or a transient one.
  let trustedTransient = false;
  for (;;) {
    const d = decide(c, o, { strict: ctx.strict });
    if (!('need' in d)) {
      if (o.firstLook) registerRefused(ctx, c, scope, folder, () => scenario.sideEffect(ctx, shape, arranged, known));
      const retryable = d.verdict === 'error' && (isTransientAnswer(o.act) || isTransientAnswer(o.control) || trustedTransient);
      return { ...d, observed, keys, retryable, answer: bounded(statusLine(o.act), 200, ctx) };
    }
    switch (d.need) {
      case 'verify': {
        const from = scope.evidence.length;
        o.verified = outcome.kind === 'response' ? await scenario.verifyAccepted(ctx, shape, arranged, outcome.response) : { verdict: 'error', reason: 'no answer' };
        // A verification that could not read (a read-back answered 503) says so in its last exchange.
        if (o.verified.verdict === 'error') trustedTransient ||= isTransientExchange(scope.evidence.slice(from).at(-1));
        break;
      }
      case 'first-look':
        try {
          o.firstLook = await scenario.sideEffect(ctx, shape, arranged);
        } catch (e) {
          // The answer still decides what it can (no answer is an ERROR either way); nothing is claimed absent.
          o.firstLook = { present: null, blind: `the look for a write behind it failed (${failureText(e)})` };
          trustedTransient ||= isTransientThrown(e);
        }
        break;
      case 'control': {
        const cs = controlShape(c, folder, shape.keys);
        keys.control = cs.key;
        registerCellKey(ctx, c.id, folder, cs.key);
        try {
          const ca = await scenario.arrange(ctx, cs);
          const answer = answerOf(ctx, await sendSigned(ctx, 'control', scenario.request(ctx, cs, ca)), sent);
          o.control = answer;
          if (answer.kind === 'response' && answer.status >= 200 && answer.status < 300 && !answer.errorCode) known = { shape: cs, arranged: ca };
        } catch (e) {
          o.control = { kind: 'arrange-error', error: failureText(e) };
          trustedTransient ||= isTransientThrown(e);
        }
        break;
      }
      case 'proven-look':
        try {
          o.provenLook = await scenario.sideEffect(ctx, shape, arranged, known);
        } catch (e) {
          // As the first look: nothing claimed absent, and the refusal stays registered for the final
          // re-check (an exception escaping here would drop it, and a retry would hide a late write).
          o.provenLook = { present: null, blind: `the look for a write behind it failed (${failureText(e)})` };
          trustedTransient ||= isTransientThrown(e);
        }
        break;
    }
  }
}

/** A refused cell is looked at once more after the last cell (late writes), into its own evidence. */
function registerRefused(ctx: EngineContext, c: Case, scope: CaseScope, folder: string, look: () => Promise<WitnessReport>): void {
  ctx.refused.push({ id: c.id, folder, scope, at: performance.now(), look: () => withCaseScope(scope, look) });
}

export async function judgeCase(ctx: EngineContext, c: Case): Promise<CaseResult> {
  return (await judgeAttempt(ctx, c)).result;
}

/**
 * One try at a cell, in a fresh folder with fresh keys: its result, whether it ended in an ERROR a
 * later try may not repeat (lib/engine/retry-policy.ts), and the scope its requests were recorded in.
 */
export async function judgeAttempt(ctx: EngineContext, c: Case): Promise<{ result: CaseResult; retryable: boolean; scope: CaseScope }> {
  // The objects this cell verifies, filed for the at-rest probe (a re-judged cell's last try wins);
  // noted while it is judged only, not by the late-write sweep's looks.
  const stored: StoredObject[] = [];
  const scope: CaseScope = { requests: 0, evidence: [], stored };
  const started = performance.now();
  let j: Judged;
  try {
    j = await withCaseScope(scope, () => judgeInScope(ctx, c, scope));
    ledgerOf(ctx).set(c.id, stored);
  } catch (e) {
    ledgerOf(ctx).delete(c.id);
    const reason = e instanceof TrustedStepError ? e.message : `harness error: ${failureText(e)}`;
    const cause = e instanceof TrustedStepError ? (e.step.startsWith('arrange') ? 'arrange-failed' : 'verify-error') : 'harness-error';
    j = { verdict: 'error', reason, cause, observed: { status: 0 }, retryable: isTransientThrown(e) };
  } finally {
    delete scope.stored;
  }
  const notes: string[] = [];
  if (c.protocol === 'http' && (c.source === 'sse-c' || (c.target === 'sse-c' && c.operation !== 'complete-multipart-upload'))) {
    notes.push('this request sends an SSE-C key over plain HTTP: anyone on the path can read it');
  }
  // Reasons quote the endpoint (error messages, Location): redacted here, at the source, with the run's keys.
  const result = redactCase(
    {
      ...caseIdentity(c),
      verdict: j.verdict,
      ...(j.severity ? { severity: j.severity } : {}),
      ...(j.verdict !== 'pass' && j.cause ? { cause: { id: j.cause, ...(j.answer ? { answer: j.answer } : {}) } } : {}),
      observed: j.observed,
      reason: j.reason,
      ...(notes.length ? { notes } : {}),
      ...(j.keys ? { keys: j.keys } : {}),
      durationMs: Math.round(performance.now() - started),
      requests: scope.requests,
      evidence: scope.evidence,
    },
    ctx.redactor,
    // Every exchange was redacted as it was recorded (lib/engine/act.ts, trusted-client.ts); the
    // reports redact everything once more.
    { evidenceRedacted: true },
  );
  return { result, retryable: j.verdict === 'error' && j.retryable === true, scope };
}

