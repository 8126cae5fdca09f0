import { hmacSha1Base64, stringToSignV2 } from '../../signing/v2';
import { safeEqual } from '../crypto';
import { S3Error, err } from '../errors';
import { checkSkew, parseAmzDate, secretFor, signatureMismatch, type Credentials, type SignedRequest } from './common';

/**
 * Compares base64 text, not decoded bytes: Node's base64 decoder skips what it does not
 * understand and stops at padding, so `sig` + `sig`, or `sig` with junk appended, would decode to
 * the valid signature. A space is read as '+' (an unencoded '+' in a presigned URL's query).
 */
function signatureMatches(secret: string, stringToSign: string, given: string): boolean {
  return safeEqual(hmacSha1Base64(secret, stringToSign), given.replace(/ /g, '+'));
}

/**
 * `Authorization: AWS id:signature`. Two strings to sign are accepted: AWS's (empty Date line
 * when x-amz-date is sent) and botocore's (HmacV1Auth keeps its Date header on that line).
 */
export function verifyV2Header(r: SignedRequest, creds: Credentials, now: Date): string {
  const m = /^AWS ([^:\s]+):(\S+)$/.exec(String(r.headers.authorization ?? '').trim());
  if (!m) throw err.invalidArgument('Authorization header is invalid -- one and only one \' \' (space) required');
  const [, accessKeyId, signature] = m as unknown as [string, string, string];
  const secret = secretFor(creds, accessKeyId);
  const dateHeader = headerValue(r, 'date');
  const amzDate = headerValue(r, 'x-amz-date');
  const when = parseAmzDate(amzDate ?? dateHeader);
  if (!when) throw err.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  checkSkew(when, now);
  const candidates = [stringToSignV2(r.method, r.v2Resource, r.headers)];
  if (amzDate && dateHeader) candidates.push(stringToSignV2(r.method, r.v2Resource, r.headers, dateHeader));
  // Every candidate is computed and compared, so timing does not tell which one matched.
  const ok = candidates.map((s) => signatureMatches(secret, s, signature)).some(Boolean);
  if (!ok) throw signatureMismatch(candidates[0]!, accessKeyId);
  return accessKeyId;
}

/** Query presigning: `?AWSAccessKeyId=&Expires=&Signature=`; the Expires value takes the Date line. */
export function verifyV2Query(r: SignedRequest, creds: Credentials, now: Date): string {
  const accessKeyId = r.query.get('AWSAccessKeyId');
  const expires = r.query.get('Expires');
  const signature = r.query.get('Signature');
  if (!accessKeyId || !expires || !signature) {
    throw err.accessDenied('Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
  }
  const secret = secretFor(creds, accessKeyId);
  if (!/^\d+$/.test(expires)) throw err.accessDenied('Invalid date (should be seconds since epoch)');
  if (Number(expires) * 1000 < now.getTime()) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired', { Expires: new Date(Number(expires) * 1000).toISOString(), ServerTime: now.toISOString() });
  }
  const sts = stringToSignV2(r.method, r.v2Resource, r.headers, expires);
  if (!signatureMatches(secret, sts, signature)) throw signatureMismatch(sts, accessKeyId);
  return accessKeyId;
}

function headerValue(r: SignedRequest, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}
