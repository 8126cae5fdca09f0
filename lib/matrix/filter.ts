import picomatch from 'picomatch';
import type { Case } from './types';

export interface CaseFilter {
  only?: string[];
  table?: string[];
  protocol?: string[];
  auth?: string[];
}

/** Filters shared by `run` and `list`: globs on case ids (any may match), then exact table/protocol/auth. */
export function filterCases(cases: Case[], f: CaseFilter): Case[] {
  const globs = f.only?.length ? picomatch(f.only) : null;
  return cases.filter(
    (c) =>
      (!globs || globs(c.id)) &&
      (!f.table?.length || f.table.includes(c.table)) &&
      (!f.protocol?.length || f.protocol.includes(c.protocol)) &&
      (!f.auth?.length || f.auth.includes(c.auth)),
  );
}

export class FilterError extends Error {}

/** Why a glob is malformed (empty, unbalanced brackets, braces or parentheses), or null. */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '') return 'is empty';
  const pairs: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  const open: string[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    // Inside a character class, other brackets are literal.
    if (open.at(-1) === '[' && ch !== ']') continue;
    if (pairs[ch]) open.push(ch);
    else if (ch === ']' || ch === '}' || ch === ')') {
      if (pairs[open.at(-1) ?? ''] !== ch) return `has an unbalanced "${ch}"`;
      open.pop();
    }
  }
  return open.length ? `has an unclosed "${open.at(-1)}"` : null;
}

/**
 * Every --only glob must be well formed and match at least one case id of the profile (before the
 * other filters): a typo would otherwise select nothing, or silently less. Throws one line naming it.
 */
export function checkGlobs(cases: Case[], only: string[] | undefined): void {
  for (const g of only ?? []) {
    const problem = globProblem(g);
    if (problem) throw new FilterError(`--only: ${JSON.stringify(g)} ${problem}`);
    const match = picomatch(g);
    if (!cases.some((c) => match(c.id))) {
      // `*` stops at `/`: "sse-c/*" names no cell, but "sse-c/**" names the whole table.
      const deeper = g.endsWith('/*') ? `${g}*` : undefined;
      if (deeper && cases.some((c) => picomatch(deeper)(c.id))) {
        throw new FilterError(`--only: ${JSON.stringify(g)} matches no case id: * stops at /, so ids (${cases[0]?.id ?? 'sse-c/put-object/https-v4'}) need ${JSON.stringify(deeper)} or a glob per part`);
      }
      throw new FilterError(`--only: ${JSON.stringify(g)} matches no case id (ids look like ${cases[0]?.id ?? 'sse-c/put-object/https-v4'}; see \`sse-conformance list\`)`);
    }
  }
}
