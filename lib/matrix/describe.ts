import type { Auth, Encryption, InterfaceId, Protocol, Row } from '../profile/types';
import { isCopyRow } from '../profile/types';

export const INTERFACE_TITLES: Record<InterfaceId, string> = {
  'put-object': 'PUT Object',
  'post-object': 'POST Object',
  'initiate-multipart-upload': 'Initiate Multipart Upload',
  'head-object': 'HEAD Object',
  'get-object': 'GET Object',
  'upload-part': 'Upload Part',
  'complete-multipart-upload': 'Complete Multipart Upload',
};
export const ENCRYPTION_TITLES: Record<Encryption, string> = {
  plain: 'Non-encrypted',
  'sse-kms': 'SSE-KMS',
  'sse-c': 'SSE-C',
};
/**
 * The vendor's names of the tables, for the requirement sentence and as the fallback title: a case
 * carries its profile table's `title` (lib/matrix/expand.ts), which reports draw.
 */
export const TABLE_TITLES = {
  'sse-c': 'SSE-C',
  'sse-kms': 'SSE-KMS',
  copy: 'PUT Object - Copy',
  'upload-part-copy': 'Upload Part - Copy',
} as const;

export function protocolsText(p: Protocol[]): string {
  if (p.length === 0) return 'over no protocol';
  return p.length === 2 ? 'over HTTP or HTTPS' : `only over ${p[0].toUpperCase()}`;
}
export function authText(a: Auth[]): string {
  if (a.length === 0) return 'with no signature';
  return a.length === 2 ? 'with V2 or V4' : `with ${a[0].toUpperCase()}`;
}

/** "SSE-KMS PUT Object only over HTTPS with V4", the sentence a failure report quotes. */
export function requirementText(tableId: keyof typeof TABLE_TITLES, row: Row): string {
  const rule = `${protocolsText(row.protocols)} ${authText(row.auth)}`;
  if (!isCopyRow(row)) return `${TABLE_TITLES[tableId]} ${INTERFACE_TITLES[row.interface]} ${rule}`;
  const what = `${TABLE_TITLES[tableId]} from a ${ENCRYPTION_TITLES[row.source]} source to a ${ENCRYPTION_TITLES[row.target]} ${
    tableId === 'copy' ? 'target' : 'part'
  }`;
  // The seed allows an SSE-C source over plain HTTP in some rows: its key then travels in clear text.
  const clear = row.source === 'sse-c' && row.protocols.includes('http') ? ' (the copy-source key then travels in clear text over HTTP)' : '';
  return `${what} ${rule}${clear}`;
}
