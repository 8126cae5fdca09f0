// RunResults regrouped as the vendor draws them: tables, rows, four cells per row. The HTML,
// terminal and Markdown writers all draw from this one shape.
import type { CaseResult } from '../verdict/types';
import { COLUMNS, columnIndex, sortCases } from './order';
import { ruleCells, rowLabels, tableTitle } from './labels';

export interface MatrixRow {
  row: string;
  rowIndex: number;
  labels: string[];
  rule: { protocol: string; auth: string };
  requirement: string;
  /** One slot per COLUMNS entry; undefined where the run has no result for that cell. */
  cells: (CaseResult | undefined)[];
}
export interface MatrixTable {
  id: string;
  title: string;
  rows: MatrixRow[];
  cases: CaseResult[];
}

export function buildMatrix(cases: readonly CaseResult[]): MatrixTable[] {
  const tables: MatrixTable[] = [];
  for (const c of sortCases(cases)) {
    let t = tables.find((x) => x.id === c.table);
    if (!t) tables.push((t = { id: c.table, title: '', rows: [], cases: [] }));
    t.cases.push(c);
    let r = t.rows.find((x) => x.rowIndex === c.rowIndex && x.row === c.row);
    if (!r) {
      r = { row: c.row, rowIndex: c.rowIndex, labels: rowLabels(c.table, c.row), rule: { protocol: '', auth: '' }, requirement: c.requirement, cells: COLUMNS.map(() => undefined) };
      t.rows.push(r);
    }
    const col = columnIndex(c);
    if (col < COLUMNS.length) r.cells[col] = c;
  }
  for (const t of tables) {
    t.title = tableTitle(t.id, t.cases);
    for (const r of t.rows) r.rule = ruleCells(r.cells.filter((c): c is CaseResult => !!c));
  }
  return tables;
}
