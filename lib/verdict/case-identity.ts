import type { Case } from '../matrix/types';
import type { CaseResult } from './types';

/** The fields a result repeats from its case, so that results.json is readable without the profile. */
export function caseIdentity(c: Case): Pick<CaseResult, 'id' | 'table' | 'row' | 'rowIndex' | 'protocol' | 'auth' | 'expected' | 'requirement' | 'rule' | 'title'> {
  return {
    id: c.id,
    table: c.table,
    row: c.row,
    rowIndex: c.rowIndex,
    protocol: c.protocol,
    auth: c.auth,
    expected: c.expected,
    requirement: c.requirement,
    rule: { protocols: [...c.rule.protocols], auth: [...c.rule.auth] },
    title: c.title,
  };
}

/** A cell with no verdict of its own: skipped after an interruption, or an error when its suite never ran. */
export function unjudged(c: Case, verdict: 'skipped' | 'error', reason: string): CaseResult {
  return { ...caseIdentity(c), verdict, observed: { status: 0 }, reason, durationMs: 0, requests: 0, evidence: [] };
}
