// The rule tables as data: the shape of config/profiles/*.json.
export const TABLE_IDS = ['sse-c', 'sse-kms', 'copy', 'upload-part-copy'] as const;
export const INTERFACES = [
  'put-object',
  'post-object',
  'initiate-multipart-upload',
  'head-object',
  'get-object',
  'upload-part',
  'complete-multipart-upload',
] as const;
export const ENCRYPTIONS = ['plain', 'sse-kms', 'sse-c'] as const;
export const PROTOCOLS = ['http', 'https'] as const;
export const AUTHS = ['v2', 'v4'] as const;

export type TableId = (typeof TABLE_IDS)[number];
export type InterfaceId = (typeof INTERFACES)[number];
export type Encryption = (typeof ENCRYPTIONS)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Auth = (typeof AUTHS)[number];
/** Why a cell is refused: its protocol is not allowed, or (protocol allowed) its signature version. */
export type Violation = 'protocol' | 'auth';

export interface ExpectedError {
  status: number;
  code: string;
}
export type RejectCodes = Partial<Record<Violation, ExpectedError>>;

interface RowBase {
  protocols: Protocol[];
  auth: Auth[];
  /** Error the endpoint must answer with when it refuses this row (strict mode). */
  reject?: RejectCodes;
}
export interface InterfaceRow extends RowBase {
  interface: InterfaceId;
}
export interface CopyRow extends RowBase {
  source: Encryption;
  target: Encryption;
}
export type Row = InterfaceRow | CopyRow;

export interface EncryptionTable {
  id: 'sse-c' | 'sse-kms';
  title: string;
  rows: InterfaceRow[];
}
export interface CopyTable {
  id: 'copy' | 'upload-part-copy';
  title: string;
  rows: CopyRow[];
}
export type Table = EncryptionTable | CopyTable;

export interface Profile {
  name: string;
  title?: string;
  defaultReject?: RejectCodes;
  tables: Table[];
}

export function isCopyRow(row: Row): row is CopyRow {
  return 'source' in row;
}

/** The row key used in case ids: the interface, or `<source>-to-<target>`. */
export function rowKey(row: Row): string {
  return isCopyRow(row) ? `${row.source}-to-${row.target}` : row.interface;
}
