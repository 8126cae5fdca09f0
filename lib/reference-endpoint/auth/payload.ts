import { safeEqual, sha256Hex } from '../crypto';
import { S3Error, err } from '../errors';
import { verifyChecksums } from './checksum';
import type { SignedRequest } from './common';
import { v4ChunkSignature, type V4Result } from './v4';

const EMPTY_SHA256 = sha256Hex('');

/**
 * Checks x-amz-content-sha256 against the body and undoes aws-chunked framing. Returns the
 * payload the operation should store. Signed chunk streams are verified chunk by chunk (and a
 * signed trailer by its trailer signature); x-amz-checksum-* values, in headers or in the
 * trailer, are checked against the decoded payload.
 */
export function verifyPayload(r: SignedRequest, body: Buffer, v4: V4Result | undefined): Buffer {
  const declared = r.headers['x-amz-content-sha256'] as string | undefined;
  const checked = (payload: Buffer, trailer: Record<string, string> = {}) => {
    verifyChecksums({ ...(r.headers as Record<string, string | undefined>), ...trailer }, payload);
    return payload;
  };
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') return checked(body);
  if (/^[0-9a-f]{64}$/i.test(declared)) {
    if (!safeEqual(sha256Hex(body), declared.toLowerCase())) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', undefined, { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: sha256Hex(body) });
    }
    return checked(body);
  }
  const signed = declared === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || declared === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
  const unsigned = declared === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  if (!signed && !unsigned) throw err.invalidArgument(`x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a valid sha256 value; got ${declared}`);
  if (signed && !v4) throw err.invalidRequest('Signed chunked payloads need Signature V4 header authentication');
  const { payload, trailer } = decodeChunks(body, signed ? v4 : undefined);
  if (signed && declared.endsWith('-TRAILER') && Object.keys(trailer).length && trailer['x-amz-trailer-signature'] === undefined) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'A signed trailer needs x-amz-trailer-signature.');
  }
  const length = r.headers['x-amz-decoded-content-length'];
  if (length !== undefined && Number(length) !== payload.length) throw new S3Error(400, 'IncompleteBody', 'x-amz-decoded-content-length does not match the decoded payload');
  return checked(payload, trailer);
}

function decodeChunks(body: Buffer, seed: V4Result | undefined): { payload: Buffer; trailer: Record<string, string> } {
  const out: Buffer[] = [];
  let pos = 0;
  let previous = seed?.signature ?? '';
  const scope = seed ? `${seed.scope.date}/${seed.scope.region}/${seed.scope.service}/aws4_request` : '';
  const malformed = () => err.invalidArgument('Malformed aws-chunked payload');
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) throw malformed();
    const line = body.subarray(pos, eol).toString('latin1');
    const [sizeHex, ...exts] = line.split(';');
    if (!sizeHex || !/^[0-9a-f]+$/i.test(sizeHex)) throw malformed();
    const size = parseInt(sizeHex, 16);
    const start = eol + 2;
    if (start + size > body.length) throw malformed();
    const data = body.subarray(start, start + size);
    if (seed) {
      const given = exts.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
      const sts = ['AWS4-HMAC-SHA256-PAYLOAD', seed.datetime, scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
      const expected = v4ChunkSignature(seed, sts);
      if (!given || !safeEqual(expected, given)) throw new S3Error(403, 'SignatureDoesNotMatch', 'A chunk signature does not match.');
      previous = expected;
    }
    out.push(data);
    pos = start + size;
    if (size === 0) break;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw malformed();
    pos += 2;
  }
  // What follows the last chunk: CRLF, or trailer lines ending with an empty line.
  const lines = body.subarray(pos).toString('latin1').split('\r\n').filter(Boolean);
  const trailer: Record<string, string> = {};
  for (const l of lines) {
    const colon = l.indexOf(':');
    if (colon > 0) trailer[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
  }
  if (seed && trailer['x-amz-trailer-signature'] !== undefined) {
    const headers = lines.filter((l) => !/^x-amz-trailer-signature:/i.test(l)).map((l) => `${l.replace(/:\s*/, ':').trim()}\n`).join('');
    const sts = ['AWS4-HMAC-SHA256-TRAILER', seed.datetime, scope, previous, sha256Hex(headers)].join('\n');
    if (!safeEqual(v4ChunkSignature(seed, sts), trailer['x-amz-trailer-signature'])) throw new S3Error(403, 'SignatureDoesNotMatch', 'The trailer signature does not match.');
  }
  return { payload: Buffer.concat(out), trailer };
}
