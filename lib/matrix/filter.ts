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
