import { HeaderMap, hmacSha1Base64, stringToSignV2, V2Credentials } from './v2';

/**
 * V2 query-string authentication: the string to sign carries Expires (epoch seconds) in the
 * Date slot. `headers` are the ones the caller will send (x-amz-* and Content-Type/MD5 are
 * signed, e.g. SSE-C headers, which S3 wants as headers, not query parameters).
 */
export function presignV2(
  method: string,
  url: URL,
  resourcePath: string,
  creds: V2Credentials,
  expiresAtEpochSec: number,
  headers: HeaderMap = {},
): URL {
  const expires = String(Math.floor(expiresAtEpochSec));
  const signature = hmacSha1Base64(creds.secretAccessKey, stringToSignV2(method, resourcePath, headers, expires));
  const out = new URL(url.href);
  // Appended by hand: URLSearchParams.set would re-serialise (and re-encode) the existing query.
  const added = `AWSAccessKeyId=${encodeURIComponent(creds.accessKeyId)}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
  out.search = out.search.length > 1 ? `${out.search.slice(1)}&${added}` : added;
  return out;
}
