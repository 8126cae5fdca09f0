import { md5Hex, open, seal } from '../crypto';
import type { EndpointState } from '../state';
import type { Segment } from './records';

/** Seals (when a key is given) and stores one segment; returns it and the ETag S3 would give it. */
export async function writeSegment(state: EndpointState, dataKey: Buffer | null, plaintext: Buffer): Promise<{ segment: Segment; etag: string }> {
  const sealed = dataKey ? seal(dataKey, plaintext) : plaintext;
  // The bookkeeping fault keeps the plaintext while everything else (ETag included) goes on as if sealed.
  const blobId = await state.blobs.put(state.fault === 'bookkeeping' ? plaintext : sealed);
  // Like AWS, an encrypted object's ETag is not the MD5 of its plaintext (that would leak it).
  return { segment: { blobId, size: plaintext.length }, etag: md5Hex(sealed) };
}

/** Plaintext bytes [start, end) of a run of segments, decrypting only the segments it touches. */
export async function readRange(state: EndpointState, segments: Segment[], dataKey: Buffer | null, start: number, end: number): Promise<Buffer> {
  const out: Buffer[] = [];
  let offset = 0;
  const touched = segments.filter((s) => {
    const hit = offset < end && offset + s.size > start;
    offset += s.size;
    return hit;
  });
  touched.forEach((s) => state.blobs.pin(s.blobId));
  try {
    offset = 0;
    for (const s of segments) {
      const segStart = offset;
      offset += s.size;
      if (!(segStart < end && segStart + s.size > start)) continue;
      const stored = await state.blobs.get(s.blobId);
      const plain = dataKey && state.fault !== 'bookkeeping' ? open(dataKey, stored) : stored;
      out.push(plain.subarray(Math.max(0, start - segStart), Math.min(s.size, end - segStart)));
    }
  } finally {
    touched.forEach((s) => state.blobs.unpin(s.blobId));
  }
  return Buffer.concat(out);
}

/** The raw stored bytes (ciphertext for SSE objects), concatenated. */
export async function readStored(state: EndpointState, segments: Segment[]): Promise<Buffer> {
  segments.forEach((s) => state.blobs.pin(s.blobId));
  try {
    return Buffer.concat(await Promise.all(segments.map((s) => state.blobs.get(s.blobId))));
  } finally {
    segments.forEach((s) => state.blobs.unpin(s.blobId));
  }
}

export function releaseSegments(state: EndpointState, segments: Segment[]): void {
  for (const s of segments) state.blobs.release(s.blobId);
}
