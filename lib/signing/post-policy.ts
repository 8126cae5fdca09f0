import type { AuthVersion } from './sign';
import { hmacSha1Base64 } from './v2';
import type { Credentials } from './v4';
import { amzDates, credentialScope, hmacSha256Hex, signingKeyV4 } from './v4-key';

const SECRET_FIELDS = new Set(['x-amz-server-side-encryption-customer-key', 'x-amz-copy-source-server-side-encryption-customer-key']);

/** Browser-based POST upload: the form fields (all but `file`) for V2 or V4. */
export interface PostPolicyInput {
  bucket: string;
  key: string;
  auth: AuthVersion;
  creds: Credentials;
  region: string;
  date?: Date;
  expiresInSec?: number;
  /** Extra form fields to include AND cover with exact-match conditions (SSE headers, Content-Type, ...). */
  fields?: Record<string, string>;
  contentLengthRange?: [number, number];
}

/** Field names the builder owns; an extra field with one of these names would be ambiguous. */
const RESERVED = new Set(['key', 'file', 'policy', 'awsaccesskeyid', 'signature', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']);

/** base64(HMAC-SHA1(secret, policyB64)). */
export function policySignatureV2(policyB64: string, secret: string): string {
  return hmacSha1Base64(secret, policyB64);
}

/** hex(HMAC-SHA256(signingKey(secret, yyyymmdd, region, 's3'), policyB64)). */
export function policySignatureV4(policyB64: string, secret: string, yyyymmdd: string, region: string): string {
  return hmacSha256Hex(signingKeyV4(secret, yyyymmdd, region, 's3'), policyB64);
}

export function buildPostPolicyFields(input: PostPolicyInput): Record<string, string> {
  const date = input.date ?? new Date();
  const extra = input.fields ?? {};
  for (const name of Object.keys(extra)) {
    if (RESERVED.has(name.toLowerCase())) throw new Error(`buildPostPolicyFields: "${name}" is set by the builder, not an extra field`);
  }
  const conditions: unknown[] = [{ bucket: input.bucket }, { key: input.key }];
  for (const [name, value] of Object.entries(extra)) {
    // The policy travels base64-encoded, not secret: an SSE-C key is covered without being written into it.
    conditions.push(SECRET_FIELDS.has(name.toLowerCase()) ? ['starts-with', `$${name}`, ''] : { [name]: value });
  }
  if (input.contentLengthRange) conditions.push(['content-length-range', ...input.contentLengthRange]);

  const form: Record<string, string> = { key: input.key, ...extra };
  const v4 = amzDates(date);
  const credential = `${input.creds.accessKeyId}/${credentialScope(v4.shortDate, input.region)}`;
  if (input.auth === 'v4') {
    // S3 requires these three fields to be covered by the policy too.
    const sigFields = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': v4.longDate };
    for (const [name, value] of Object.entries(sigFields)) conditions.push({ [name]: value });
    Object.assign(form, sigFields);
  }

  const expiration = new Date(date.getTime() + (input.expiresInSec ?? 3600) * 1000).toISOString();
  const policy = Buffer.from(JSON.stringify({ expiration, conditions }), 'utf8').toString('base64');
  if (input.auth === 'v4') {
    return { ...form, policy, 'x-amz-signature': policySignatureV4(policy, input.creds.secretAccessKey, v4.shortDate, input.region) };
  }
  return { ...form, AWSAccessKeyId: input.creds.accessKeyId, policy, signature: policySignatureV2(policy, input.creds.secretAccessKey) };
}
