import type { Protocol } from '../profile/types';

export interface AddressTarget {
  http: string;
  https: string;
  bucket: string;
  forcePathStyle: boolean;
}

/** S3 URI-encodes each key segment but keeps the slashes. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export interface Address {
  url: URL;
  /** The V2 canonical resource: /bucket/key?subresources, whatever the addressing style. */
  resourcePath: string;
}

/**
 * The URL of a key (or of the bucket when key is empty) over the given protocol,
 * path style (`host/bucket/key`) or virtual-hosted (`bucket.host/key`).
 */
export function address(target: AddressTarget, protocol: Protocol, key: string, query = ''): Address {
  const base = new URL(protocol === 'https' ? target.https : target.http);
  const encKey = encodeKey(key);
  const q = query ? `?${query}` : '';
  const resourcePath = `/${target.bucket}/${encKey}${q}`;
  if (target.forcePathStyle) {
    return { url: new URL(`${base.protocol}//${base.host}/${target.bucket}/${encKey}${q}`), resourcePath };
  }
  return { url: new URL(`${base.protocol}//${target.bucket}.${base.host}/${encKey}${q}`), resourcePath };
}
