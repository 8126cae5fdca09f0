import type { Auth, Encryption, ExpectedError, InterfaceId, Protocol, TableId, Violation } from '../profile/types';

/** The operation a case exercises: the seven interfaces, plus the two copy operations. */
export type Operation = InterfaceId | 'copy-object' | 'upload-part-copy';

export interface Case {
  /** `<table>/<row>/<protocol>-<auth>`: stable, used by filters, reports and JUnit. */
  id: string;
  table: TableId;
  /** Interface name, or `<source>-to-<target>` for the copy tables. */
  row: string;
  /** 0-based position of the row in its table, for drawing the report as the vendor does. */
  rowIndex: number;
  operation: Operation;
  /** Encryption of the object read or copied from (null when the request reads nothing existing). */
  source: Encryption | null;
  /** Encryption the request asks for on what it writes (or, for reads, the object's encryption). */
  target: Encryption;
  protocol: Protocol;
  auth: Auth;
  expected: 'accept' | 'reject';
  /** Why it must be refused (reject cells only). */
  violation?: Violation;
  /** Error the profile names for the refusal (strict mode). */
  expectedError?: ExpectedError;
  /** The table row in words, e.g. "SSE-KMS PUT Object only over HTTPS with V4" (for people; reports draw from `rule` and `title`). */
  requirement: string;
  /** The row's rule as data: the protocols and signature versions it allows (empty: none). */
  rule: CaseRule;
  /** The profile table's title, e.g. "PUT Object - Copy". */
  title: string;
}

/** What a table row allows, copied from the profile row. */
export interface CaseRule {
  protocols: Protocol[];
  auth: Auth[];
}
