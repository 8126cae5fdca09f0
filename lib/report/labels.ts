// Words the reports print, drawn as in the vendor's documentation (see shared/seeds/sse-rules.md).
import { ENCRYPTION_TITLES, INTERFACE_TITLES, TABLE_TITLES } from '../matrix/describe';
import { AUTHS, PROTOCOLS } from '../profile/types';
import type { CaseResult, Severity } from '../verdict/types';

const isKnown = <K extends string>(map: Record<K, string>, k: string): k is K => Object.prototype.hasOwnProperty.call(map, k);

/** A table's heading: the profile's title its results carry, else the vendor's name for the table id. */
export function tableTitle(table: string, cases: readonly Pick<CaseResult, 'title'>[] = []): string {
  const carried = cases.find((c) => c.title)?.title;
  if (carried) return carried;
  return isKnown(TABLE_TITLES, table) ? TABLE_TITLES[table] : table;
}

/** Copy tables are drawn with a source and a target column; the encryption tables with an interface. */
export function isCopyTable(table: string): boolean {
  return table === 'copy' || table === 'upload-part-copy';
}

/** Headings of the row-label columns: ["Interface"], or ["Source object", "Target object" | "Target part"]. */
export function rowHeadings(table: string): string[] {
  if (!isCopyTable(table)) return ['Interface'];
  return ['Source object', table === 'upload-part-copy' ? 'Target part' : 'Target object'];
}

/** A row's labels as the vendor writes them: ["PUT Object"], or ["SSE-C", "SSE-KMS part"]. */
export function rowLabels(table: string, row: string): string[] {
  if (!isCopyTable(table)) return [isKnown(INTERFACE_TITLES, row) ? INTERFACE_TITLES[row] : row];
  const [source, target] = row.split('-to-');
  const title = (e: string | undefined): string => (e && isKnown(ENCRYPTION_TITLES, e) ? ENCRYPTION_TITLES[e] : (e ?? '?'));
  return [title(source), `${title(target)}${table === 'upload-part-copy' ? ' part' : ''}`];
}

/** "HTTP or HTTPS", "V4", or "—" for none: the vendor's way of writing a list of allowed values. */
function allowedText(vals: readonly string[], order: readonly string[]): string {
  return order.filter((v) => vals.includes(v)).map((v) => v.toUpperCase()).join(' or ') || '—';
}

/**
 * The vendor's Protocol and Auth cells ("HTTPS", "V2 or V4") for one row, from the `rule` its
 * results carry. Results written before `rule` was recorded (e.g. old shards handed to `merge`)
 * have none: the rule is then inferred from which of the row's cells must be accepted (a row that
 * accepts nothing shows "—").
 */
export function ruleCells(rowCases: readonly Pick<CaseResult, 'rule' | 'protocol' | 'auth' | 'expected'>[]): { protocol: string; auth: string } {
  const rule = rowCases.find((c) => c.rule)?.rule;
  if (rule) return { protocol: allowedText(rule.protocols, PROTOCOLS), auth: allowedText(rule.auth, AUTHS) };
  const accepted = rowCases.filter((c) => c.expected === 'accept');
  return {
    protocol: allowedText(accepted.map((c) => c.protocol), PROTOCOLS),
    auth: allowedText(accepted.map((c) => c.auth), AUTHS),
  };
}

export function expectedText(c: Pick<CaseResult, 'expected'>): string {
  return c.expected === 'accept' ? 'accepted' : 'rejected';
}

/** "200", "400 InvalidRequest", or "no answer" when the act request got no answer. */
export function observedText(c: Pick<CaseResult, 'observed'>): string {
  if (!c.observed.status) return 'no answer';
  return c.observed.code ? `${c.observed.status} ${c.observed.code}` : String(c.observed.status);
}

/** The h2spec-style line every failure carries: "Requirement: ...; Expected: ...; Actual: ...". */
export function failureLine(c: Pick<CaseResult, 'requirement' | 'expected' | 'observed'>): string {
  return `Requirement: ${c.requirement}; Expected: ${expectedText(c)}; Actual: ${observedText(c)}`;
}

export const SEVERITY_TEXT: Record<Severity, string> = {
  exposure: 'accepted where it must be refused: keys or data exposed in transit',
  downgrade: 'accepted but not encrypted as asked: silent downgrade',
  interop: 'refused where it must be accepted: interoperability',
};
/** Most harmful first, for ordering failure lists. */
export const SEVERITY_ORDER: readonly Severity[] = ['exposure', 'downgrade', 'interop'];

export const VERDICT_WORDS = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIPPED' } as const;

/** "PASS", ..., or "UNKNOWN" for a verdict outside the four (a crafted or damaged results file). */
export function verdictWord(v: string): string {
  return isKnown(VERDICT_WORDS, v) ? VERDICT_WORDS[v] : 'UNKNOWN';
}

/** The severity's explanation, or '' for a severity outside the three. */
export function severityText(s: string): string {
  return isKnown(SEVERITY_TEXT, s) ? SEVERITY_TEXT[s] : '';
}
