import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { S3Error } from '../errors';

/** Flexible checksums we can compute; others (crc32c, crc64nvme) are accepted unchecked. */
const ALGORITHMS: Record<string, (data: Buffer) => string> = {
  'x-amz-checksum-crc32': (d) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(zlib.crc32(d) >>> 0);
    return b.toString('base64');
  },
  'x-amz-checksum-sha1': (d) => createHash('sha1').update(d).digest('base64'),
  'x-amz-checksum-sha256': (d) => createHash('sha256').update(d).digest('base64'),
};

/** Checks x-amz-checksum-* values (from headers or an aws-chunked trailer) against the payload. */
export function verifyChecksums(values: Record<string, string | undefined>, payload: Buffer): void {
  for (const [name, compute] of Object.entries(ALGORITHMS)) {
    const given = values[name];
    if (given === undefined) continue;
    if (compute(payload) !== given.trim()) {
      throw new S3Error(400, 'BadDigest', `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`);
    }
  }
}
