// Defence in depth: the producer redacts evidence as it captures it, but every report runs it
// through a Redactor again so one forgotten path in a scenario cannot leak a key into a report.
import { Redactor } from '../redact/redact';
import type { CaseResult, Exchange, RunResults } from '../verdict/types';

export function redactExchange(e: Exchange, r: Redactor): Exchange {
  const out: Exchange = {
    ...e,
    request: { ...e.request, url: r.url(e.request.url), headers: r.headers(e.request.headers) },
  };
  if (e.request.bodyExcerpt !== undefined) out.request.bodyExcerpt = r.text(e.request.bodyExcerpt);
  if (e.response) {
    out.response = { ...e.response, headers: r.headers(e.response.headers) };
    if (e.response.bodyExcerpt !== undefined) out.response.bodyExcerpt = r.text(e.response.bodyExcerpt);
  }
  if (e.error !== undefined) out.error = r.text(e.error);
  return out;
}

export function redactCase(c: CaseResult, r: Redactor): CaseResult {
  const out: CaseResult = { ...c, reason: r.text(c.reason), evidence: c.evidence.map((e) => redactExchange(e, r)) };
  if (c.notes) out.notes = c.notes.map((n) => r.text(n));
  return out;
}

/** A redacted copy; the input is not modified. */
export function redactResults(results: RunResults, r: Redactor = new Redactor()): RunResults {
  return { ...results, endpoint: { ...results.endpoint, http: r.url(results.endpoint.http), https: r.url(results.endpoint.https) }, cases: results.cases.map((c) => redactCase(c, r)) };
}
