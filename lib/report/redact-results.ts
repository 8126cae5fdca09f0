// Every string in a result that an endpoint could have put there passes the Redactor: the engine
// does it as it records (judgeCase ends with redactCase), and every report does it again, so one
// forgotten path cannot leak a key into a report.
import { Redactor } from '../redact/redact';
import type { CaseResult, Exchange, RunResults } from '../verdict/types';

export function redactExchange(e: Exchange, r: Redactor): Exchange {
  const out: Exchange = {
    ...e,
    step: r.text(e.step),
    request: { ...e.request, method: r.text(e.request.method), url: r.url(e.request.url), headers: r.headers(e.request.headers) },
  };
  if (e.request.bodyExcerpt !== undefined) out.request.bodyExcerpt = r.text(e.request.bodyExcerpt);
  if (e.response) {
    out.response = { ...e.response, headers: r.headers(e.response.headers) };
    if (e.response.statusText !== undefined) out.response.statusText = r.text(e.response.statusText);
    if (e.response.bodyExcerpt !== undefined) out.response.bodyExcerpt = r.text(e.response.bodyExcerpt);
  }
  if (e.error !== undefined) out.error = r.text(e.error);
  return out;
}

/**
 * A redacted copy of a case. `evidenceRedacted`: the engine redacts every exchange as it records
 * it, with the same redactor; the verdict's own texts (reason, notes, code) are what is left.
 */
export function redactCase(c: CaseResult, r: Redactor, opts: { evidenceRedacted?: boolean } = {}): CaseResult {
  const out: CaseResult = {
    ...c,
    // The error code is the endpoint's text too.
    observed: { ...c.observed, ...(c.observed.code !== undefined ? { code: r.text(c.observed.code) } : {}) },
    reason: r.text(c.reason),
    evidence: opts.evidenceRedacted ? c.evidence : c.evidence.map((e) => redactExchange(e, r)),
  };
  if (c.notes) out.notes = c.notes.map((n) => r.text(n));
  if (c.cause?.answer !== undefined) out.cause = { ...c.cause, answer: r.text(c.cause.answer) };
  // Earlier tries (--retries) quote the endpoint too.
  if (Array.isArray(c.attempts)) {
    out.attempts = c.attempts.map((a) => ({ ...a, reason: r.text(a.reason), observed: { ...a.observed, ...(a.observed.code !== undefined ? { code: r.text(a.observed.code) } : {}) } }));
  }
  return out;
}

/** A redacted copy; the input is not modified. Without a Redactor, only the patterns (no known secret). */
export function redactResults(results: RunResults, r: Redactor = new Redactor()): RunResults {
  return {
    ...results,
    endpoint: { ...results.endpoint, http: r.url(results.endpoint.http), https: r.url(results.endpoint.https) },
    // A cause's answer quotes the endpoint (status text, code), as a cell's does.
    ...(Array.isArray(results.causes) ? { causes: results.causes.map((g) => (typeof g.answer === 'string' ? { ...g, answer: r.text(g.answer) } : g)) } : {}),
    ...(Array.isArray(results.unattributed) ? { unattributed: results.unattributed.map((u) => r.text(u)) } : {}),
    cases: results.cases.map((c) => redactCase(c, r)),
  };
}
