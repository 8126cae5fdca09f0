import { createHmac } from 'node:crypto';

/**
 * Signature Version 2 (AWS's "REST authentication", HMAC-SHA1), hand-written: no maintained
 * library signs V2 for arbitrary requests any more. Checked against AWS's published examples
 * and botocore's HmacV1Auth in v2.test.ts.
 */

/** Query parameters that are part of the V2 canonical resource (all others are left out). */
export const V2_SUBRESOURCES = new Set([
  'acl', 'cors', 'delete', 'encryption', 'lifecycle', 'location', 'logging', 'notification', 'partNumber', 'policy',
  'requestPayment', 'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'response-content-language', 'response-content-type', 'response-expires', 'restore', 'tagging', 'torrent',
  'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website',
]);

export type HeaderMap = Record<string, string | string[] | undefined>;

function header(headers: HeaderMap, name: string): string {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower && v !== undefined) return Array.isArray(v) ? v.join(',') : v;
  }
  return '';
}

/** `/bucket/key` as sent (still URL-encoded), then the sorted subresources, values decoded. */
export function canonicalResourceV2(resourcePath: string): string {
  const q = resourcePath.indexOf('?');
  const path = q < 0 ? resourcePath : resourcePath.slice(0, q);
  if (q < 0) return path;
  const params: [string, string | null][] = [];
  for (const part of resourcePath.slice(q + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    if (!V2_SUBRESOURCES.has(name)) continue;
    params.push([name, eq < 0 ? null : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))]);
  }
  if (params.length === 0) return path;
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${path}?${params.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&')}`;
}

export function canonicalAmzHeadersV2(headers: HeaderMap): string {
  const amz = new Map<string, string[]>();
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (!name.startsWith('x-amz-') || v === undefined) continue;
    const values = (Array.isArray(v) ? v : [v]).map((s) => s.trim().replace(/\s*\n\s*/g, ' '));
    amz.set(name, [...(amz.get(name) ?? []), ...values]);
  }
  return [...amz.keys()]
    .sort()
    .map((name) => `${name}:${amz.get(name)!.join(',')}\n`)
    .join('');
}

/**
 * The string to sign. `dateOrExpires` overrides the Date line (query presigning puts Expires
 * there); otherwise it is the Date header, or empty when x-amz-date is sent (AWS spec).
 */
export function stringToSignV2(method: string, resourcePath: string, headers: HeaderMap, dateOrExpires?: string): string {
  const date = dateOrExpires ?? (header(headers, 'x-amz-date') ? '' : header(headers, 'date'));
  return [
    method.toUpperCase(),
    header(headers, 'content-md5'),
    header(headers, 'content-type'),
    date,
    canonicalAmzHeadersV2(headers) + canonicalResourceV2(resourcePath),
  ].join('\n');
}

export function hmacSha1Base64(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data, 'utf8').digest('base64');
}

export interface V2Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Signs in place: sets Date when no date is given, returns the Authorization value. */
export function signV2(method: string, resourcePath: string, headers: HeaderMap, creds: V2Credentials): string {
  // The doc above promised this but the code did not do it; an undated V2 request is always refused.
  if (!header(headers, 'date') && !header(headers, 'x-amz-date')) headers.date = new Date().toUTCString();
  const sts = stringToSignV2(method, resourcePath, headers);
  return `AWS ${creds.accessKeyId}:${hmacSha1Base64(creds.secretAccessKey, sts)}`;
}
