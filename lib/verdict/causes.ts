// What a non-passing cell's verdict rests on, as data: the check that decided it (an id, chosen
// where the verdict is decided: rules.ts, the scenarios' checks, the sweep, the at-rest probe) and
// the answer that showed it. Cells with the same cause and answer are one problem of the endpoint:
// `groupCauses` folds them, largest first, in words a storage engineer recognises.
import type { Judgement } from './rules';
import type { CaseResult, Severity, Verdict } from './types';

/** Each cause: a title (what the endpoint did, in a few words) and one sentence of what it means. */
export const CAUSES = {
  // Reject cells: what had to be refused.
  'accepted-forbidden-transport': { title: 'accepted over a transport the rule forbids', sentence: 'The endpoint accepted an encrypted request over a protocol the table forbids for it: keys or data travel where they must not.' },
  'accepted-forbidden-auth': { title: 'accepted with a signature the rule forbids', sentence: 'The endpoint accepted an encrypted request signed with a signature version the table forbids for it.' },
  'write-behind-refusal': { title: 'refused, but written anyway', sentence: 'The endpoint refused the request, yet what it asked to write (an object, an upload or a part) is there.' },
  'late-write': { title: 'refused, but written later', sentence: 'The endpoint refused the request and the write appeared afterwards, after the harness first looked.' },
  'write-nobody-asked': { title: 'wrote something no request asked for', sentence: "The cell's folder holds an object, upload or part under a name the harness never used." },
  'key-in-answer': { title: 'sends the SSE-C key back', sentence: 'The answer carries the SSE-C key itself, in some encoding: it lands in logs and caches, and over HTTP anyone on the path reads it.' },
  'strict-code': { title: 'refused with another error code (strict)', sentence: 'The endpoint refused as it must, but not with the status and code the profile names.' },
  // Accept cells: what had to be accepted, stored and confirmed.
  'refused-allowed': { title: 'refused a request the rule allows', sentence: 'The endpoint refused an encrypted request the table says it must accept.' },
  'refused-allowed-signature': { title: 'does not accept this signature', sentence: 'The endpoint refused the request as unauthenticated: it does not accept this signature version with these headers.' },
  'not-implemented': { title: 'not implemented (501)', sentence: 'The endpoint answered 501 NotImplemented: it does not implement this request.' },
  'redirected-away': { title: 'redirected to another protocol', sentence: 'The endpoint redirected a request it must accept to another protocol (never followed: it would resend the key).' },
  'echo-missing': { title: 'does not confirm the encryption in its answer', sentence: 'The answer lacks the SSE headers that confirm the encryption asked for (algorithm, key MD5 or KMS key id), or names another.' },
  'readable-without-key': { title: 'SSE-C object readable without its key', sentence: 'An object written with SSE-C is served without the key: it is not protected by it.' },
  'opens-with-other-key': { title: 'SSE-C key demanded, never checked', sentence: 'An SSE-C object (or upload, or copy source) opens with a key that is not its own.' },
  'not-stored': { title: 'accepted, but nothing stored', sentence: 'The endpoint accepted the write, yet nothing is there afterwards.' },
  'bytes-differ': { title: 'stored other bytes', sentence: 'What the endpoint returns is not what was written.' },
  'wrong-encryption': { title: 'stored without the encryption asked for', sentence: 'The stored object does not carry the encryption, or the KMS key, that was asked for.' },
  'source-not-encrypted': { title: 'encrypted source stored unencrypted', sentence: 'A source object written encrypted through the trusted path is not stored encrypted, so copies from it test nothing.' },
  'plaintext-at-rest': { title: 'plaintext at rest', sentence: 'The at-rest probe found the plaintext of an object written encrypted in the stored bytes.' },
  'verify-failed': { title: 'the accepted effect is not as asked', sentence: 'A check of what the accepted request did failed.' },
  // Could not judge.
  'no-answer': { title: 'no answer', sentence: 'The request got no answer: a timeout, a reset, a refused connection or a TLS failure.' },
  'endpoint-error': { title: 'endpoint error (5xx)', sentence: 'The endpoint answered with a server error: neither an acceptance nor a refusal.' },
  'unexpected-answer': { title: 'unparsable answer', sentence: 'The answer is neither an acceptance nor an S3 error document.' },
  busy: { title: 'throttled', sentence: 'The endpoint said it was busy: neither an acceptance nor a refusal by the rule.' },
  redirected: { title: 'redirected', sentence: 'The endpoint redirected the request; a redirect is not followed and proves nothing.' },
  'auth-failure': { title: 'refused as unauthenticated', sentence: 'The endpoint refused with an authentication failure, which says nothing about the encryption rule.' },
  'busy-or-missing': { title: 'refused as busy or not found', sentence: 'The refusal says the endpoint is busy or the thing is missing, not that the rule applied.' },
  'bodiless-refusal': { title: 'HEAD refused with no error document', sentence: 'A bodiless HEAD refusal other than 400 cannot be told from an authentication failure.' },
  'control-refused': { title: 'refuses the unencrypted control too', sentence: 'The same request without encryption was refused as well, so the refusal proves nothing about encryption.' },
  'control-not-arranged': { title: 'the control could not be set up', sentence: "The unencrypted control's fixtures could not be made through the trusted path." },
  'witness-blind': { title: 'cannot show that nothing was stored', sentence: 'A witness (HEAD, listing, ListParts) does not see a thing known to be there, so an absence it reports proves nothing.' },
  'witness-failed': { title: 'the look for a write failed', sentence: 'The look for what a refused request may have written failed.' },
  'verify-error': { title: 'the accepted effect could not be checked', sentence: 'A read-back or listing needed to check the accepted request failed.' },
  'at-rest-unverified': { title: 'not verifiable at rest', sentence: 'The at-rest probe found nothing, or is broken for the run.' },
  'arrange-failed': { title: 'fixtures could not be made', sentence: 'The trusted path could not set up what the cell needs.' },
  'harness-error': { title: 'harness error', sentence: 'The harness failed on this cell.' },
} as const satisfies Record<string, { title: string; sentence: string }>;

export type CauseId = keyof typeof CAUSES;

/** A cell's cause in results.json: the id, and the answer that showed it (status and code). */
export interface CellCause {
  id: CauseId;
  answer?: string;
}

/** One problem of the endpoint: the cells with the same cause and answer. */
export interface CauseGroup {
  id: CauseId;
  title: string;
  sentence: string;
  verdict: Exclude<Verdict, 'pass' | 'skipped'>;
  severity?: Severity;
  /** The answer to the request under test that showed it, e.g. "200 OK", "400 Bad Request InvalidRequest". */
  answer?: string;
  /** The cells' ids, in the profile's order. */
  cells: string[];
  /** The same cells written compactly, e.g. `sse-kms/{put-object,post-object}/https-v2`. */
  compact: string[];
}

/** The cause of a result that is not a PASS, for a result written before causes were recorded. */
export function causeOf(r: Pick<CaseResult, 'verdict' | 'cause'>): CellCause | undefined {
  if (r.verdict === 'pass' || r.verdict === 'skipped') return undefined;
  return r.cause ?? { id: r.verdict === 'fail' ? 'verify-failed' : 'harness-error' };
}

/**
 * What of a cell's answer its group is keyed on: status and error code, not the reason phrase (the
 * endpoint's own prose: "OK", "Ok", a proxy's words), and any 2xx that carries no error code is one
 * acceptance (POST Object answers 204 where PUT answers 200: measured on radosgw, keying on the
 * exact answer split "accepted with a forbidden signature" and "no SSE echo" in two each). No
 * answer keeps its text (a timeout, a reset, a refused connection are different problems).
 */
function answerKey(r: Pick<CaseResult, 'observed'>, cause: CellCause): string {
  if (!cause.answer) return '';
  const status = r.observed?.status;
  const code = r.observed?.code;
  if (!status) return cause.answer;
  if (status >= 200 && status < 300 && !code) return '2xx';
  return `${status} ${code ?? ''}`;
}

/**
 * The answers of one group's cells, as one text: each distinct one, sorted ("200 OK or 204 No
 * Content"), so that the same cells give the same text whichever was judged first.
 */
const MAX_ANSWERS_NAMED = 3;
function answersText(distinct: readonly string[]): string | undefined {
  if (distinct.length === 0) return undefined;
  const answers = [...distinct].sort();
  const named = answers.slice(0, MAX_ANSWERS_NAMED).join(' or ');
  return answers.length > MAX_ANSWERS_NAMED ? `${named} or ${answers.length - MAX_ANSWERS_NAMED} more` : named;
}

/**
 * Every non-passing cell in exactly one group: same cause id, answer (status and code; any 2xx
 * without a code alike: answerKey), verdict and severity. The group's `answer` names each distinct
 * answer of its cells. Largest first; ties keep the order of the first cell (the profile's).
 */
export function groupCauses(results: readonly CaseResult[]): CauseGroup[] {
  const groups = new Map<string, { group: CauseGroup; answers: string[] }>();
  for (const r of results) {
    const cause = causeOf(r);
    if (!cause) continue;
    const verdict = r.verdict as CauseGroup['verdict'];
    const k = JSON.stringify([cause.id, answerKey(r, cause), verdict, r.severity ?? '']);
    let entry = groups.get(k);
    if (!entry) {
      // Own properties only: a crafted results file may name a cause `constructor`.
      const words = Object.prototype.hasOwnProperty.call(CAUSES, cause.id) ? CAUSES[cause.id] : CAUSES['harness-error'];
      entry = { group: { id: cause.id, title: words.title, sentence: words.sentence, verdict, ...(r.severity ? { severity: r.severity } : {}), cells: [], compact: [] }, answers: [] };
      groups.set(k, entry);
    }
    entry.group.cells.push(r.id);
    if (cause.answer && !entry.answers.includes(cause.answer)) entry.answers.push(cause.answer);
  }
  const out = [...groups.values()].map(({ group, answers }) => {
    const answer = answersText(answers);
    return answer ? { ...group, answer } : group;
  });
  out.sort((a, b) => b.cells.length - a.cells.length);
  for (const g of out) g.compact = compactIds(g.cells);
  return out;
}

/**
 * Case ids `<table>/<row>/<protocol>-<auth>` written compactly: rows sharing a table and the same
 * set of protocol-auth suffixes become one `table/{row,row}/{suffix,suffix}` (braces only where
 * there is more than one). Other ids stay as they are.
 */
export function compactIds(ids: readonly string[]): string[] {
  const brace = (xs: string[]) => (xs.length > 1 ? `{${xs.join(',')}}` : xs[0]);
  // table -> row -> suffixes (in first-seen order)
  const tables = new Map<string, Map<string, string[]>>();
  const odd: string[] = [];
  for (const id of ids) {
    const m = /^([^/]+)\/([^/]+)\/([^/]+)$/.exec(id);
    if (!m) {
      odd.push(id);
      continue;
    }
    const rows = tables.get(m[1]) ?? new Map<string, string[]>();
    rows.set(m[2], [...(rows.get(m[2]) ?? []), m[3]]);
    tables.set(m[1], rows);
  }
  const out: string[] = [];
  for (const [table, rows] of tables) {
    // Rows with the same suffixes fold together.
    const bySuffixes = new Map<string, string[]>();
    for (const [row, suffixes] of rows) {
      const k = suffixes.join(',');
      bySuffixes.set(k, [...(bySuffixes.get(k) ?? []), row]);
    }
    for (const [k, rs] of bySuffixes) out.push(`${table}/${brace(rs)}/${brace(k.split(','))}`);
  }
  return [...out, ...odd];
}

/**
 * A result's `cause` field after a later step (the sweep, the accounting, the at-rest probe)
 * re-judged it: the new cause when the verdict changed, with the act's answer; none for a PASS.
 */
export function causeAfter(r: Pick<CaseResult, 'cause'>, j: { verdict: Verdict; cause?: CauseId }): { cause?: CellCause } {
  if (j.verdict === 'pass' || j.verdict === 'skipped') return {};
  const id = j.cause ?? r.cause?.id;
  return id ? { cause: { id, ...(r.cause?.answer ? { answer: r.cause.answer } : {}) } } : {};
}

/** A judged result's verdict, as the later steps' rules (rules.ts afterSweep, afterAccounting) take it. */
export function judgementOf(r: CaseResult): Judgement {
  return { verdict: r.verdict as Judgement['verdict'], ...(r.severity ? { severity: r.severity } : {}), reason: r.reason };
}

/** A result re-judged by a later step: its verdict, severity, cause (causeAfter) and reason replaced by `j`'s. */
export function rejudged(r: CaseResult, j: Judgement): CaseResult {
  const { severity: _dropped, cause: _was, ...rest } = r;
  return { ...rest, verdict: j.verdict, ...(j.severity ? { severity: j.severity } : {}), ...causeAfter(r, j), reason: j.reason };
}
