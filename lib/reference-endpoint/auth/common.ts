import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors';

/** What a verifier needs from a request (a subset of RequestContext, so vectors can drive it). */
export interface SignedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  v2Resource: string;
  headers: IncomingHttpHeaders;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const MAX_SKEW_MS = 15 * 60 * 1000;

/** The secret for an access key id, or 403 InvalidAccessKeyId. */
export function secretFor(creds: Credentials, accessKeyId: string): string {
  if (accessKeyId !== creds.accessKeyId) {
    throw new S3Error(403, 'InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
  }
  return creds.secretAccessKey;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const daysIn = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/**
 * `20151229T000000Z` (ISO 8601 basic) or an HTTP date. Impossible calendar dates are refused:
 * Date.UTC and V8's Date.parse roll them over (`20260532T...` is June 1, `30 Feb` is March 2),
 * which would let a client sign a date no calendar has and still pass the skew check.
 */
export function parseAmzDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s.trim());
  if (m) {
    const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo - 1) || h > 23 || mi > 59 || se > 59) return undefined;
    return new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  }
  const day = /\b(\d{1,2})[ -]([A-Za-z]{3})[ -](\d{4})\b/.exec(s);
  if (day) {
    const month0 = MONTHS.indexOf(day[2]!.toLowerCase());
    if (month0 < 0 || Number(day[1]) < 1 || Number(day[1]) > daysIn(Number(day[3]), month0)) return undefined;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

export function checkSkew(requestTime: Date, now: Date): void {
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', undefined, {
      RequestTime: requestTime.toISOString(),
      ServerTime: now.toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
}

/** SSE-C key values blanked out of canonical strings we echo in errors (they end up in logs and reports). */
export function redactSseKeys(s: string): string {
  return s.replace(/^(x-amz(?:-copy-source)?-server-side-encryption-customer-key:).*$/gim, '$1<redacted>');
}

/** The error carries what we signed (as AWS does) so a client can diff it against its own. */
export function signatureMismatch(stringToSign: string, accessKeyId: string, canonicalRequest?: string): S3Error {
  const extra: Record<string, string> = { AWSAccessKeyId: accessKeyId, StringToSign: redactSseKeys(stringToSign) };
  if (canonicalRequest !== undefined) extra.CanonicalRequest = redactSseKeys(canonicalRequest);
  return new S3Error(403, 'SignatureDoesNotMatch', undefined, extra);
}
