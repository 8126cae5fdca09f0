// The matrix order every report uses: the vendor's table order, then the row as drawn in its
// table, then the four protocol x signature columns left to right.
import type { CaseResult } from '../verdict/types';
import { AUTHS, PROTOCOLS, TABLE_IDS, type Auth, type Protocol } from '../profile/types';

export interface Column {
  protocol: Protocol;
  auth: Auth;
  /** "HTTP V2", the column heading. */
  label: string;
}

/** http-v2, http-v4, https-v2, https-v4. */
export const COLUMNS: readonly Column[] = PROTOCOLS.flatMap((protocol) =>
  AUTHS.map((auth) => ({ protocol, auth, label: `${protocol.toUpperCase()} ${auth.toUpperCase()}` })),
);

type Sortable = Pick<CaseResult, 'id' | 'table' | 'rowIndex' | 'protocol' | 'auth'>;

function rank<T>(list: readonly T[], v: T): number {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i; // anything unknown sorts after the known values
}

export function columnIndex(c: Pick<CaseResult, 'protocol' | 'auth'>): number {
  return rank(PROTOCOLS, c.protocol) * AUTHS.length + rank(AUTHS, c.auth);
}

export function compareCases(a: Sortable, b: Sortable): number {
  return (
    rank(TABLE_IDS, a.table) - rank(TABLE_IDS, b.table) ||
    (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) ||
    a.rowIndex - b.rowIndex ||
    columnIndex(a) - columnIndex(b) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A sorted copy; the input is left as it is. */
export function sortCases<T extends Sortable>(cases: readonly T[]): T[] {
  return [...cases].sort(compareCases);
}
