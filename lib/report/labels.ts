// Words the reports print, drawn as in the vendor's documentation (see shared/seeds/sse-rules.md).
import { ENCRYPTION_TITLES, INTERFACE_TITLES, TABLE_TITLES } from '../matrix/describe';
import type { CaseResult, Severity } from '../verdict/types';

const isKnown = <K extends string>(map: Record<K, string>, k: string): k is K => Object.prototype.hasOwnProperty.call(map, k);

export function tableTitle(table: string): string {
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

/**
 * The vendor's Protocol and Auth cells ("HTTPS", "V2 or V4") for one row. The results carry no
 * profile, so they are read back from the requirement sentence (lib/matrix/describe.ts), and
 * failing that, inferred from which of the row's cells must be accepted.
 */
export function ruleCells(rowCases: readonly Pick<CaseResult, 'requirement' | 'protocol' | 'auth' | 'expected'>[]): { protocol: string; auth: string } {
  const m = /over (no protocol|HTTP or HTTPS|HTTPS|HTTP) with (no signature|V2 or V4|V2|V4)/.exec(rowCases[0]?.requirement ?? '');
  if (m) return { protocol: m[1] === 'no protocol' ? '—' : m[1], auth: m[2] === 'no signature' ? '—' : m[2] };
  const accepted = rowCases.filter((c) => c.expected === 'accept');
  const join = (vals: string[], order: string[]): string => order.filter((v) => vals.includes(v)).map((v) => v.toUpperCase()).join(' or ') || '—';
  return {
    protocol: join(accepted.map((c) => c.protocol), ['http', 'https']),
    auth: join(accepted.map((c) => c.auth), ['v2', 'v4']),
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
