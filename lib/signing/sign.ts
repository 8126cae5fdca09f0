import { signV2 } from './v2';
import { Credentials, OutgoingRequest, signV4 } from './v4';

export type { Credentials, OutgoingRequest } from './v4';
export type AuthVersion = 'v2' | 'v4';

/**
 * The harness's one signing entry point. Returns the headers to send, names lower-cased.
 * resourcePath = V2 canonical resource base: '/bucket/key?subresources' (for virtual-hosted
 * URLs the caller passes it; V4 ignores it and uses req.url).
 * V2 adds `date` (RFC 1123) unless date or x-amz-date is given, and `authorization: AWS id:sig`.
 */
export async function signRequest(
  req: OutgoingRequest,
  auth: AuthVersion,
  creds: Credentials,
  region: string,
  resourcePath: string,
  opts: { date?: Date } = {},
): Promise<Record<string, string>> {
  if (auth === 'v4') return signV4(req, creds, region, opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  if (headers.date === undefined && headers['x-amz-date'] === undefined) headers.date = (opts.date ?? new Date()).toUTCString();
  headers.authorization = signV2(req.method, resourcePath, headers, creds);
  return headers;
}
