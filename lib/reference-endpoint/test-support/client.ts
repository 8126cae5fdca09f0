import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { XMLParser } from 'fast-xml-parser';
import { multipartFormBody } from '../../signing/form-data';
import { buildPostPolicyFields } from '../../signing/post-policy';
import { signRequest } from '../../signing/sign';
import { presignV4 } from '../../signing/v4';
import { presignV2 } from '../../signing/v2-presign';
import type { Auth, Encryption, Protocol } from '../../profile/types';
import type { ReferenceEndpoint } from '../index';

/** Test-only raw S3 client: exact protocol and signature per request, the harness's own signers. */

export type AuthMode = Auth | 'v2-presign' | 'v4-presign' | 'none';

export interface SendOptions {
  protocol?: Protocol;
  method: string;
  /** Raw, already-encoded path: '/bucket/key'. */
  path: string;
  /** Raw query without '?', e.g. 'uploads' or 'partNumber=1&uploadId=x'. */
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  auth?: AuthMode;
  creds?: { accessKeyId: string; secretAccessKey: string };
  date?: Date;
  /** V2 canonical resource when it is not the path (virtual-hosted requests). */
  resource?: string;
  /** Sent as is, after signing (to tamper with a signed request). */
  afterSign?: (headers: Record<string, string>) => void;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** <Code> of an error document, when there is one. */
  code?: string;
  xml?: Record<string, unknown>;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

export function parseReply(status: number, headers: http.IncomingHttpHeaders, body: Buffer): Reply {
  const text = body.toString('utf8');
  const r: Reply = { status, headers, body, text };
  if (String(headers['content-type'] ?? '').includes('xml') && text.trim().startsWith('<')) {
    try {
      r.xml = parser.parse(text) as Record<string, unknown>;
      r.code = (r.xml.Error as { Code?: string } | undefined)?.Code;
    } catch {
      /* not XML after all */
    }
  }
  return r;
}

export class TestClient {
  private readonly ca: Buffer;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;

  constructor(readonly ep: ReferenceEndpoint) {
    this.ca = fs.readFileSync(ep.caFile);
    this.httpsAgent = new https.Agent({ keepAlive: true, ca: this.ca });
  }

  get creds() {
    return { accessKeyId: this.ep.accessKeyId, secretAccessKey: this.ep.secretAccessKey };
  }

  base(protocol: Protocol): string {
    return protocol === 'https' ? this.ep.https : this.ep.http;
  }

  async send(o: SendOptions): Promise<Reply> {
    const protocol = o.protocol ?? 'https';
    const auth = o.auth ?? 'v4';
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
    const url = new URL(`${this.base(protocol)}${o.path}${o.query ? `?${o.query}` : ''}`);
    const creds = o.creds ?? this.creds;
    let headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
    let target = `${o.path}${o.query ? `?${o.query}` : ''}`;
    const resource = o.resource ?? target;
    if (auth === 'v2' || auth === 'v4') {
      headers = await signRequest({ method: o.method, url, headers, body }, auth, creds, this.ep.region, resource, { date: o.date });
    } else if (auth === 'v4-presign') {
      const signed = await presignV4({ method: o.method, url, headers, body }, creds, this.ep.region, 900, { date: o.date });
      target = `${signed.pathname}${signed.search}`;
    } else if (auth === 'v2-presign') {
      const expires = Math.floor((o.date ?? new Date()).getTime() / 1000) + 900;
      const signed = presignV2(o.method, url, resource, creds, expires, headers);
      target = `${signed.pathname}${signed.search}`;
    }
    o.afterSign?.(headers);
    return this.raw(protocol, o.method, target, headers, body);
  }

  raw(protocol: Protocol, method: string, target: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
    const u = new URL(this.base(protocol));
    const mod = protocol === 'https' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        { host: u.hostname, port: u.port, method, path: target, headers, agent: protocol === 'https' ? this.httpsAgent : this.httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(parseReply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POST Object with a policy signed in `auth`'s version; `fields` are included and covered by exact-match conditions. */
  async post(o: { protocol?: Protocol; auth: Auth; key: string; fields?: Record<string, string>; file: Buffer; bucket?: string; mutate?: (f: Record<string, string>) => void; contentLengthRange?: [number, number]; expiresInSec?: number; date?: Date }): Promise<Reply> {
    const bucket = o.bucket ?? this.ep.bucket;
    const fields = buildPostPolicyFields({ bucket, key: o.key, auth: o.auth, creds: this.creds, region: this.ep.region, fields: o.fields, contentLengthRange: o.contentLengthRange, expiresInSec: o.expiresInSec, date: o.date });
    o.mutate?.(fields);
    const { body, contentType } = multipartFormBody(fields, o.file);
    return this.raw(o.protocol ?? 'https', 'POST', `/${bucket}`, { 'content-type': contentType, 'content-length': String(body.length) }, body);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

export function objectPath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export interface CustomerKeyMaterial {
  key: Buffer;
  b64: string;
  md5: string;
}

export function customerKey(): CustomerKeyMaterial {
  const key = randomBytes(32);
  return { key, b64: key.toString('base64'), md5: createHash('md5').update(key).digest('base64') };
}

export function sseCHeaders(k: CustomerKeyMaterial, prefix = 'x-amz-server-side-encryption-customer-'): Record<string, string> {
  return { [`${prefix}algorithm`]: 'AES256', [`${prefix}key`]: k.b64, [`${prefix}key-MD5`]: k.md5 };
}

export const copySseCHeaders = (k: CustomerKeyMaterial) => sseCHeaders(k, 'x-amz-copy-source-server-side-encryption-customer-');

/** Headers asking for `enc` on a write. */
export function sseHeadersFor(enc: Encryption, k: CustomerKeyMaterial, kmsKeyId?: string): Record<string, string> {
  if (enc === 'sse-c') return sseCHeaders(k);
  if (enc === 'sse-kms') return { 'x-amz-server-side-encryption': 'aws:kms', ...(kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyId } : {}) };
  return {};
}

export function completeXml(parts: { n: number; etag: string }[]): string {
  return `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.n}</PartNumber><ETag>${p.etag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
}

export function uploadIdOf(r: Reply): string {
  const id = (r.xml?.InitiateMultipartUploadResult as { UploadId?: string } | undefined)?.UploadId;
  if (!id) throw new Error(`no UploadId in ${r.status} ${r.text}`);
  return id;
}
