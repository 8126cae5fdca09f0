import busboy from 'busboy';
import { multipartFormBody, webKitBoundary } from './form-data';

type Part = { name: string; value: string | Buffer; filename?: string };

/** Parse with busboy (an independent parser) and keep the part order. */
function parse(body: Buffer, contentType: string): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    const bb = busboy({ headers: { 'content-type': contentType } });
    bb.on('field', (name, value) => parts.push({ name, value }));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const part: Part = { name, value: Buffer.alloc(0), filename: info.filename };
      parts.push(part);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (part.value = Buffer.concat(chunks)));
    });
    bb.on('close', () => resolve(parts));
    bb.on('error', reject);
    bb.end(body);
  });
}

describe('multipartFormBody', () => {
  it('encodes the fields in order with the file last, byte-exact', async () => {
    const file = Buffer.from([0, 255, 13, 10, 45, 45, 1, 2]); // binary incl. CRLF and "--"
    const fields = { key: 'uploads/é.txt', 'x-amz-server-side-encryption': 'aws:kms', policy: 'eyJ4Ijox fQ==' };
    const { body, contentType } = multipartFormBody(fields, file, 'a "b".bin');
    // Chromium's boundary: nothing in the form says who made it.
    expect(contentType).toMatch(/^multipart\/form-data; boundary=----WebKitFormBoundary[A-Za-z0-9]{16}$/);
    const parts = await parse(body, contentType);
    expect(parts.map((p) => p.name)).toEqual(['key', 'x-amz-server-side-encryption', 'policy', 'file']);
    expect(parts.slice(0, 3).map((p) => p.value)).toEqual(Object.values(fields));
    expect(parts[3].filename).toBe('a %22b%22.bin');
    expect(Buffer.compare(parts[3].value as Buffer, file)).toBe(0);
  });

  it('draws the boundary as Blink does: 16 characters of its 64-letter alphabet, A and B twice as often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of webKitBoundary().slice('----WebKitFormBoundary'.length)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    // 64,000 draws: 1,000 per slot of the alphabet; A and B have two slots each.
    expect(counts.get('A')! / counts.get('C')!).toBeGreaterThan(1.6);
    expect(counts.get('Z')! / counts.get('C')!).toBeLessThan(1.3);
  });

  it('uses a fresh boundary each time and refuses a "file" field', () => {
    expect(multipartFormBody({}, Buffer.alloc(0)).contentType).not.toBe(multipartFormBody({}, Buffer.alloc(0)).contentType);
    expect(() => multipartFormBody({ File: 'x' }, Buffer.alloc(0))).toThrow(/file/);
  });
});
