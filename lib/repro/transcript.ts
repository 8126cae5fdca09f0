// `repro`: one cell's exchanges, in the order they were made, as a readable HTTP transcript, then its
// verdict, reason and cause. Everything here comes from the cell's result, whose evidence was
// redacted as it was recorded; and everything goes through printable/printableBlock on its way to
// the terminal: no byte an endpoint sent reaches it raw.
import { STATUS_CODES } from 'node:http';
import { expectedText, failureLine, severityText, verdictWord } from '../report/labels';
import { printable, printableBlock } from '../report/sanitize';
import { CAUSES } from '../verdict/causes';
import type { CaseResult, Exchange } from '../verdict/types';

/** The most of one header value, body excerpt or reason printed. */
const MAX_VALUE = 2000;
const MAX_BODY = 4096;

/** What each step of a cell is, for a person who did not write the scenarios. */
function stepTitle(step: string): string {
  if (step === 'act') return 'act: the request under test';
  if (step === 'control') return 'control: the same request without encryption';
  if (step === 'trusted') return 'trusted path (HTTPS, Signature V4, the AWS SDK)';
  return step;
}

/** A body excerpt, each of its lines behind the exchange's marker. */
function bodyLines(marker: string, excerpt: string | undefined): string[] {
  if (excerpt === undefined || excerpt === '') return [];
  return [marker, ...printableBlock(excerpt, MAX_BODY).split('\n').map((l) => `${marker} ${l}`)];
}

/** One exchange: its step, the request (line, headers, body), the answer or the transport error. */
export function exchangeLines(e: Exchange, n: number, total: number): string[] {
  const tries = e.attempts && e.attempts > 1 ? `, ${e.attempts} tries` : '';
  const out = [`── ${n}/${total} ${printable(stepTitle(e.step), 200)} (${Math.round(e.durationMs)} ms${tries})`];
  out.push(`> ${printable(e.request.method, 20)} ${printable(e.request.url, MAX_VALUE)} HTTP/1.1`);
  for (const [k, v] of Object.entries(e.request.headers)) out.push(`> ${printable(k, 200)}: ${printable(v, MAX_VALUE)}`);
  out.push(...bodyLines('>', e.request.bodyExcerpt));
  if (e.response) {
    const r = e.response;
    // The trusted path records no reason phrase: Node's name for the status stands in.
    const phrase = r.statusText ? printable(r.statusText, 200) : (STATUS_CODES[r.status] ?? '');
    out.push(`< HTTP/1.1 ${Number(r.status)}${phrase ? ` ${phrase}` : ''}`);
    for (const [k, v] of Object.entries(r.headers)) out.push(`< ${printable(k, 200)}: ${printable(v, MAX_VALUE)}`);
    out.push(...bodyLines('<', r.bodyExcerpt));
  } else {
    out.push(`! no answer: ${printable(e.error ?? 'unknown', MAX_VALUE)}`);
  }
  return out;
}

/** Every exchange of the cell, in order, a blank line between them. */
export function transcriptLines(r: Pick<CaseResult, 'evidence'>): string[] {
  const total = r.evidence.length;
  return r.evidence.flatMap((e, i) => [...exchangeLines(e, i + 1, total), '']);
}

/** The verdict, its severity, reason and cause (title, sentence, the answer that showed it), and the notes. */
export function verdictLines(r: CaseResult): string[] {
  const severity = r.severity ? ` (${printable(r.severity, 40)}: ${severityText(r.severity)})` : '';
  const out = [`verdict: ${verdictWord(r.verdict)}${severity}`, `reason: ${printable(r.reason, MAX_VALUE)}`];
  if (r.cause) {
    // Own properties only: a cause id comes from a results file.
    const words = Object.prototype.hasOwnProperty.call(CAUSES, r.cause.id) ? CAUSES[r.cause.id] : undefined;
    const answer = r.cause.answer ? `, shown by the answer ${printable(r.cause.answer, 200)}` : '';
    out.push(`cause: ${printable(r.cause.id, 80)}${words ? `: ${words.title}` : ''}${answer}`);
    if (words) out.push(`  ${words.sentence}`);
  }
  out.push(printable(failureLine(r), MAX_VALUE));
  for (const n of r.notes ?? []) out.push(`note: ${printable(n, MAX_VALUE)}`);
  return out;
}

/** The cell in one line, e.g. for what a recorded run said of it. */
export function cellSummary(r: Pick<CaseResult, 'verdict' | 'severity' | 'observed' | 'expected'>): string {
  const sev = r.severity ? ` ${printable(r.severity, 40)}` : '';
  const observed = r.observed.status ? `${r.observed.status}${r.observed.code ? ` ${printable(r.observed.code, 80)}` : ''}` : 'no answer';
  return `${verdictWord(r.verdict)}${sev} (expected ${expectedText(r)}, the act answered ${observed})`;
}
