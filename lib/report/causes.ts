// The causes every report opens with (lib/verdict/causes.ts): the ones results.json carries, or,
// for results written before causes existed, the ones its cells make. Either way each group is
// checked into shape here, since a results file handed to `merge` or `compare` may be crafted:
// strings only, the answer (the endpoint's own text) redacted again and bounded, the words of an
// unknown cause id never read off the object's prototype. Renderers still escape all of it.
import { Redactor } from '../redact/redact';
import { CAUSES, causeOf, compactIds, groupCauses, type CauseGroup } from '../verdict/causes';
import type { CaseResult, RunResults } from '../verdict/types';
import { SEVERITIES, oneOf } from './enums';
import { verdictWord } from './labels';

/** How much of an answer any report shows: a status line and a code fit with room to spare. */
export const MAX_ANSWER = 200;
/** How many characters of a cause's cells, written compactly, a line shows. */
export const MAX_CELLS_TEXT = 2000;

const str = (v: unknown): v is string => typeof v === 'string';

/** The words of a cause id the harness knows, else undefined (never an inherited property: `constructor` is a valid id to the schema). */
function wordsOf(id: unknown): { title: string; sentence: string } | undefined {
  return str(id) && Object.prototype.hasOwnProperty.call(CAUSES, id) ? CAUSES[id as keyof typeof CAUSES] : undefined;
}

/** A cell's cause in words (its detail in index.html): the title, and the answer redacted and bounded; undefined for a PASS or a skip. */
export function cellCauseText(c: Pick<CaseResult, 'verdict' | 'cause'>, redactor: Redactor = new Redactor()): { title: string; answer?: string } | undefined {
  const cause = causeOf(c);
  if (!cause) return undefined;
  const answer = answerOf(cause.answer, redactor);
  return { title: (wordsOf(cause.id) ?? CAUSES['harness-error']).title, ...(answer !== undefined ? { answer } : {}) };
}

function answerOf(answer: unknown, redactor: Redactor): string | undefined {
  if (!str(answer) || answer === '') return undefined;
  const { text, truncated } = redactor.excerpt(answer, MAX_ANSWER);
  return truncated ? `${text}…` : text;
}

/** One group, in shape: what a renderer may rely on whatever the file said. */
function checked(g: CauseGroup, redactor: Redactor): CauseGroup {
  const words = wordsOf(g.id) ?? CAUSES['harness-error'];
  const cells = Array.isArray(g.cells) ? g.cells.filter(str) : [];
  const compact = Array.isArray(g.compact) && g.compact.every(str) && g.compact.length ? g.compact : compactIds(cells);
  const answer = answerOf(g.answer, redactor);
  return {
    id: str(g.id) ? g.id : 'harness-error',
    title: str(g.title) && g.title ? g.title : words.title,
    sentence: str(g.sentence) && g.sentence ? g.sentence : words.sentence,
    verdict: g.verdict,
    ...(str(g.severity) ? { severity: g.severity } : {}),
    ...(answer !== undefined ? { answer } : {}),
    cells,
    compact,
  } as CauseGroup;
}

/**
 * The run's causes, largest first: `results.causes` when the file has them, else grouped from its
 * cells (results written before causes were recorded). Answers redacted (patterns, and the secrets
 * of `redactor` when given) and bounded to MAX_ANSWER characters.
 */
export function causesOf(results: Pick<RunResults, 'causes' | 'cases'>, redactor: Redactor = new Redactor()): CauseGroup[] {
  const groups = Array.isArray(results.causes) ? results.causes : groupCauses(results.cases);
  return groups.filter((g) => g && typeof g === 'object').map((g) => checked(g, redactor));
}

/** "FAIL (exposure)", "FAIL", "ERROR"; "UNKNOWN" for a verdict outside the two a cause can have. */
export function causeVerdictText(g: Pick<CauseGroup, 'verdict' | 'severity'>): string {
  const word = g.verdict === 'fail' || g.verdict === 'error' ? verdictWord(g.verdict) : 'UNKNOWN';
  const severity = g.verdict === 'fail' ? oneOf(g.severity, SEVERITIES, '') : '';
  return severity ? `${word} (${severity})` : word;
}

/** "5 cells", "1 cell". */
export function cellCount(n: number): string {
  return `${n} cell${n === 1 ? '' : 's'}`;
}

/** "7 causes for 70 cells": the headline of every causes section. */
export function causesHeadline(groups: readonly CauseGroup[]): string {
  const cells = groups.reduce((n, g) => n + g.cells.length, 0);
  return `${groups.length} cause${groups.length === 1 ? '' : 's'} for ${cells} non-passing cell${cells === 1 ? '' : 's'}`;
}

/** A cause's identity across runs (`compare`): its id and the answer that showed it. */
export function causeKey(g: Pick<CauseGroup, 'id' | 'answer'>): string {
  return JSON.stringify([g.id, g.answer ?? '']);
}
