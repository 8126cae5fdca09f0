import { randomBytes } from 'node:crypto';

/** Quote a name for Content-Disposition the way browsers do (HTML spec: " CR LF as %XX). */
function quote(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Blink's boundary alphabet: letters, digits, then 'A' and 'B' again (64 in all, one per 6 bits of randomness). */
const BOUNDARY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789AB';

/** A multipart boundary as Chromium makes one (Blink's FormDataEncoder): `----WebKitFormBoundary` and 16 random characters. */
export function webKitBoundary(): string {
  return `----WebKitFormBoundary${[...randomBytes(16)].map((b) => BOUNDARY_ALPHABET[b & 63]).join('')}`;
}

/**
 * multipart/form-data body for a browser-style POST upload, byte for byte as Chromium encodes a form
 * (its boundary, part headers and line ends). The `file` part goes last: S3 ignores every field after it.
 */
export function multipartFormBody(fields: Record<string, string>, file: Buffer, filename = 'upload.bin'): { body: Buffer; contentType: string } {
  if (Object.keys(fields).some((k) => k.toLowerCase() === 'file')) throw new Error('multipartFormBody: "file" is the upload itself, not a field');
  const parts = Object.values(fields).join('') + filename;
  let boundary: string;
  do boundary = webKitBoundary();
  while (parts.includes(boundary) || file.includes(boundary));
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  chunks.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  );
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
