import { AUTHS, PROTOCOLS, isCopyRow, rowKey, type Auth, type Profile, type Protocol, type Row, type Violation } from '../profile/types';
import { requirementText, TABLE_TITLES } from './describe';
import type { Case, Operation } from './types';

export function caseId(table: string, row: string, protocol: Protocol, auth: Auth): string {
  return `${table}/${row}/${protocol}-${auth}`;
}

/** Whether a row allows a protocol and signature, and if not, which rule it breaks (protocol first). */
export function judgeRow(row: Row, protocol: Protocol, auth: Auth): { allowed: true } | { allowed: false; violation: Violation } {
  if (!row.protocols.includes(protocol)) return { allowed: false, violation: 'protocol' };
  if (!row.auth.includes(auth)) return { allowed: false, violation: 'auth' };
  return { allowed: true };
}

/** Every row x {http, https} x {v2, v4}, in table order: the whole matrix. */
export function expandProfile(profile: Profile): Case[] {
  const cases: Case[] = [];
  for (const table of profile.tables) {
    table.rows.forEach((row: Row, rowIndex) => {
      const key = rowKey(row);
      let operation: Operation;
      let source: Case['source'];
      let target: Case['target'];
      if (isCopyRow(row)) {
        operation = table.id === 'copy' ? 'copy-object' : 'upload-part-copy';
        source = row.source;
        target = row.target;
      } else {
        operation = row.interface;
        const enc = table.id as 'sse-c' | 'sse-kms';
        const reads = row.interface === 'head-object' || row.interface === 'get-object';
        source = reads ? enc : null;
        target = enc;
      }
      for (const protocol of PROTOCOLS) {
        for (const auth of AUTHS) {
          const judged = judgeRow(row, protocol, auth);
          const c: Case = {
            id: caseId(table.id, key, protocol, auth),
            table: table.id,
            row: key,
            rowIndex,
            operation,
            source,
            target,
            protocol,
            auth,
            expected: judged.allowed ? 'accept' : 'reject',
            requirement: requirementText(table.id, row),
            rule: { protocols: [...row.protocols], auth: [...row.auth] },
            // The schema lets a profile leave a table untitled: the vendor's name for it then.
            title: table.title ?? TABLE_TITLES[table.id],
          };
          if (!judged.allowed) {
            c.violation = judged.violation;
            const err = row.reject?.[judged.violation] ?? profile.defaultReject?.[judged.violation];
            if (err) c.expectedError = err;
          }
          cases.push(c);
        }
      }
    });
  }
  return cases;
}
