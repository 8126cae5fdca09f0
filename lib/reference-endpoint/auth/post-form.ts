import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors';

/** A browser-style POST Object form: fields before the file (later ones are ignored, as AWS does). */
export interface PostForm {
  /** Lower-cased field name -> value (first occurrence wins). */
  fields: Map<string, string>;
  file?: { filename: string; contentType: string; data: Buffer };
}

const malformed = (m?: string) => new S3Error(400, 'MalformedPOSTRequest', m);

export function parsePostForm(headers: IncomingHttpHeaders, body: Buffer, maxFileBytes: number): Promise<PostForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers, limits: { fileSize: maxFileBytes, fields: 200, fieldSize: 1024 * 1024, files: 10 } });
    } catch (e) {
      reject(malformed((e as Error).message));
      return;
    }
    const form: PostForm = { fields: new Map() };
    let failed = false;
    const fail = (e: S3Error) => {
      if (!failed) reject(e);
      failed = true;
    };
    bb.on('field', (name, value) => {
      const n = name.toLowerCase();
      if (!form.file && !form.fields.has(n)) form.fields.set(n, value);
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(new S3Error(400, 'EntityTooLarge')));
      stream.on('close', () => {
        const data = Buffer.concat(chunks);
        if (name.toLowerCase() === 'file' && !form.file) {
          form.file = { filename: info.filename ?? '', contentType: info.mimeType, data };
        } else if (!form.file && !form.fields.has(name.toLowerCase())) {
          form.fields.set(name.toLowerCase(), data.toString('utf8'));
        }
      });
    });
    bb.on('error', (e) => fail(malformed((e as Error).message)));
    bb.on('close', () => {
      if (!failed) resolve(form);
    });
    bb.end(body);
  });
}
