import { createHash, createHmac } from 'node:crypto';

/**
 * The SigV4 primitives the POST policy needs synchronously (smithy's are async and private to
 * its request signer). v4.test.ts checks these against smithy and the vectors.
 */

/** `20151229T000000Z` and `20151229` (UTC, no milliseconds). */
export function amzDates(date: Date): { longDate: string; shortDate: string } {
  const longDate = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { longDate, shortDate: longDate.slice(0, 8) };
}

/** kSigning = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request". */
export function signingKeyV4(secret: string, yyyymmdd: string, region: string, service = 's3'): Buffer {
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [yyyymmdd, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part, 'utf8').digest();
  return key as Buffer;
}

export function hmacSha256Hex(key: Buffer | string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function credentialScope(shortDate: string, region: string, service = 's3'): string {
  return `${shortDate}/${region}/${service}/aws4_request`;
}
