import { randomBytes } from 'node:crypto';

/** Quote a name for Content-Disposition the way browsers do (HTML spec: " CR LF as %XX). */
function quote(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * multipart/form-data body for a browser-style POST upload. The `file` part goes last:
 * S3 ignores every field after it.
 */
export function multipartFormBody(fields: Record<string, string>, file: Buffer, filename = 'upload.bin'): { body: Buffer; contentType: string } {
  if (Object.keys(fields).some((k) => k.toLowerCase() === 'file')) throw new Error('multipartFormBody: "file" is the upload itself, not a field');
  const parts = Object.values(fields).join('') + filename;
  let boundary: string;
  do boundary = `----sse-conformance-${randomBytes(16).toString('hex')}`;
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
