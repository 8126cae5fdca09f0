import { randomBytes } from 'node:crypto';
import { loadProfile } from '../../profile/load';
import type { Encryption } from '../../profile/types';
import { SECOND_KMS_KEY_ID } from '../keyring';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../index';
import {
  TestClient,
  completeXml,
  copySseCHeaders,
  customerKey,
  objectPath,
  sseCHeaders,
  uploadIdOf,
  type CustomerKeyMaterial,
  type Reply,
  type SendOptions,
} from '../test-support/client';
import { CellPicker, rng, type Via } from './support';

/**
 * Load: >= 2,000 mixed requests at concurrency 64 against one in-process endpoint, over both
 * listeners as the obs profile allows (every request's transport is drawn from the cells the
 * profile accepts for it: HTTPS+V4 always, HTTP and V2 where allowed), through keep-alive agents.
 * Every response must be the expected 2xx and every object written must read back byte for byte.
 * Throughput and RSS are reported, never asserted.
 */

const MIXED_REQUESTS = 2_400; // requests issued by the mixed phase (flows started below this count)
const CONCURRENCY = 64; // workers, each with one request in flight at a time
const MIN_PART = 64 * 1024; // minPartSize option, so multipart stays cheap
const BIG_FIRST_PARTS = 3; // multipart flows whose first part is a real 5 MiB part
const DEADLINE_MS = 100_000; // safety bound on the loops (the jest timeout is higher)

jest.setTimeout(180_000);

interface Written {
  key: string;
  data: Buffer;
  enc: Encryption;
  ck?: CustomerKeyMaterial;
  parts: number;
}

let ep: ReferenceEndpoint;
let client: TestClient;
const picker = new CellPicker(loadProfile('obs'));
const written = new Map<string, Written>();
const errors: string[] = [];
const perCell = new Map<string, number>();
let requests = 0;
let bigPartsLeft = BIG_FIRST_PARTS;

beforeAll(async () => {
  ep = await startReferenceEndpoint({ minPartSize: MIN_PART });
  client = new TestClient(ep);
});
afterAll(async () => {
  client.close();
  await ep.close();
});

/** One request; counts it, and records anything but the expected status as an error. */
async function call(label: string, via: Via, o: SendOptions, expected: number): Promise<Reply | undefined> {
  requests++;
  const cell = `${label.split(' ')[0]} ${via.protocol}-${via.auth}`;
  perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
  try {
    const r = await client.send({ ...o, protocol: via.protocol, auth: via.auth });
    if (r.status === expected) return r;
    errors.push(`${label} over ${via.protocol}-${via.auth}: ${r.status} ${r.code ?? ''} ${r.text.slice(0, 300)}`);
  } catch (e) {
    errors.push(`${label} over ${via.protocol}-${via.auth}: ${(e as Error).message}`);
  }
  return undefined;
}

function same(label: string, got: Buffer, want: Buffer): boolean {
  if (got.equals(want)) return true;
  errors.push(`${label}: read ${got.length} bytes, wrote ${want.length} (content differs)`);
  return false;
}

function writeHeaders(r: ReturnType<typeof rng>, enc: Encryption, ck: CustomerKeyMaterial): Record<string, string> {
  if (enc === 'sse-c') return sseCHeaders(ck);
  if (enc === 'sse-kms') {
    const id = r.pick([undefined, ep.kmsKeyId, SECOND_KMS_KEY_ID]);
    return { 'x-amz-server-side-encryption': 'aws:kms', ...(id ? { 'x-amz-server-side-encryption-aws-kms-key-id': id } : {}) };
  }
  return {};
}

const readHeaders = (w: Written): Record<string, string> => (w.enc === 'sse-c' ? sseCHeaders(w.ck!) : {});

async function put(r: ReturnType<typeof rng>, key: string, enc: Encryption, data: Buffer): Promise<Written | undefined> {
  const ck = customerKey();
  const via = r.pick(picker.forInterface('put-object', enc));
  const headers = { ...writeHeaders(r, enc, ck), 'content-type': 'application/x-stress', 'x-amz-meta-flow': key };
  const res = await call(`put ${key}`, via, { method: 'PUT', path: objectPath(ep.bucket, key), headers, body: data }, 200);
  if (!res) return undefined;
  const w: Written = { key, data, enc, ck: enc === 'sse-c' ? ck : undefined, parts: 1 };
  written.set(key, w);
  return w;
}

/** GET (whole, or a range) and HEAD of an object just written. */
async function readBack(r: ReturnType<typeof rng>, w: Written): Promise<void> {
  const path = objectPath(ep.bucket, w.key);
  const get = await call(`get ${w.key}`, r.pick(picker.forInterface('get-object', 'plain', w.enc)), { method: 'GET', path, headers: readHeaders(w) }, 200);
  if (get) same(`get ${w.key}`, get.body, w.data);
  if (w.data.length > 2 && r.next() < 0.5) {
    const start = r.int(w.data.length - 1);
    const last = start + r.int(w.data.length - start);
    const ranged = await call(`get-range ${w.key}`, r.pick(picker.forInterface('get-object', 'plain', w.enc)), { method: 'GET', path, headers: { ...readHeaders(w), range: `bytes=${start}-${last}` } }, 206);
    if (ranged) same(`get-range ${w.key} ${start}-${last}`, ranged.body, w.data.subarray(start, last + 1));
  }
  const head = await call(`head ${w.key}`, r.pick(picker.forInterface('head-object', 'plain', w.enc)), { method: 'HEAD', path, headers: readHeaders(w) }, 200);
  if (head && Number(head.headers['content-length']) !== w.data.length) errors.push(`head ${w.key}: content-length ${head.headers['content-length']}, wrote ${w.data.length}`);
}

const ENCS: Encryption[] = ['sse-c', 'sse-kms', 'plain'];
const encOf = (r: ReturnType<typeof rng>): Encryption => r.pick(['sse-c', 'sse-c', 'sse-kms', 'sse-kms', 'plain']);

async function objectFlow(r: ReturnType<typeof rng>, base: string): Promise<void> {
  const w = await put(r, `${base}/obj`, encOf(r), randomBytes(r.next() < 0.05 ? 0 : r.int(48 * 1024)));
  if (w) await readBack(r, w);
}

async function copyFlow(r: ReturnType<typeof rng>, base: string): Promise<void> {
  const src = await put(r, `${base}/src`, encOf(r), randomBytes(1 + r.int(32 * 1024)));
  if (!src) return;
  const target = r.pick(ENCS);
  const ck = customerKey();
  const key = `${base}/copy`;
  const headers: Record<string, string> = {
    'x-amz-copy-source': objectPath(ep.bucket, src.key),
    ...writeHeaders(r, target, ck),
    ...(src.enc === 'sse-c' ? copySseCHeaders(src.ck!) : {}),
  };
  const via = r.pick(picker.allowed('copy', `${src.enc}-to-${target}`));
  if (!(await call(`copy ${key}`, via, { method: 'PUT', path: objectPath(ep.bucket, key), headers }, 200))) return;
  const w: Written = { key, data: src.data, enc: target, ck: target === 'sse-c' ? ck : undefined, parts: 1 };
  written.set(key, w);
  await readBack(r, w);
}

/** Initiate, two uploaded parts, one upload-part-copy (a range of another object), complete, read back. */
async function multipartFlow(r: ReturnType<typeof rng>, base: string): Promise<void> {
  const src = await put(r, `${base}/part-src`, encOf(r), randomBytes(1 + r.int(24 * 1024)));
  if (!src) return;
  const enc = encOf(r);
  const ck = customerKey();
  const key = `${base}/mpu`;
  const path = objectPath(ep.bucket, key);
  const init = await call(`initiate ${key}`, r.pick(picker.forInterface('initiate-multipart-upload', enc)), { method: 'POST', path, query: 'uploads', headers: writeHeaders(r, enc, ck) }, 200);
  if (!init) return;
  const uploadId = encodeURIComponent(uploadIdOf(init));
  const partHeaders = enc === 'sse-c' ? sseCHeaders(ck) : {};
  const big = bigPartsLeft-- > 0;
  const bodies = [randomBytes(big ? 5 * 1024 * 1024 : MIN_PART + r.int(16 * 1024)), randomBytes(MIN_PART + r.int(16 * 1024))];
  const etags: { n: number; etag: string }[] = [];
  for (const [i, body] of bodies.entries()) {
    const via = r.pick(picker.forInterface('upload-part', enc === 'sse-c' ? 'sse-c' : 'plain', enc));
    const res = await call(`upload-part ${key}#${i + 1}`, via, { method: 'PUT', path, query: `partNumber=${i + 1}&uploadId=${uploadId}`, headers: partHeaders, body }, 200);
    if (!res) return;
    etags.push({ n: i + 1, etag: String(res.headers.etag) });
  }
  const start = r.int(src.data.length);
  const last = start + r.int(src.data.length - start);
  const copyHeaders = {
    'x-amz-copy-source': objectPath(ep.bucket, src.key),
    'x-amz-copy-source-range': `bytes=${start}-${last}`,
    ...partHeaders,
    ...(src.enc === 'sse-c' ? copySseCHeaders(src.ck!) : {}),
  };
  const copyVia = r.pick(picker.allowed('upload-part-copy', `${src.enc}-to-${enc}`));
  const copied = await call(`upload-part-copy ${key}#3`, copyVia, { method: 'PUT', path, query: `partNumber=3&uploadId=${uploadId}`, headers: copyHeaders }, 200);
  if (!copied) return;
  const copyEtag = (copied.xml?.CopyPartResult as { ETag?: string } | undefined)?.ETag;
  if (!copyEtag) return void errors.push(`upload-part-copy ${key}: no ETag in ${copied.text.slice(0, 200)}`);
  etags.push({ n: 3, etag: copyEtag });
  // SSE-C headers are optional on complete; send them half of the time.
  const completeHeaders = enc === 'sse-c' && r.next() < 0.5 ? sseCHeaders(ck) : {};
  const completeVia = r.pick(picker.forInterface('complete-multipart-upload', Object.keys(completeHeaders).length ? 'sse-c' : 'plain', enc));
  if (!(await call(`complete ${key}`, completeVia, { method: 'POST', path, query: `uploadId=${uploadId}`, headers: completeHeaders, body: completeXml(etags) }, 200))) return;
  const w: Written = { key, data: Buffer.concat([...bodies, src.data.subarray(start, last + 1)]), enc, ck: enc === 'sse-c' ? ck : undefined, parts: 3 };
  written.set(key, w);
  await readBack(r, w);
}

async function worker(id: number, deadline: number): Promise<void> {
  const r = rng(0x5eed + id);
  for (let n = 0; n < 1_000 && requests < MIXED_REQUESTS && Date.now() < deadline; n++) {
    const base = `load/w${id}/f${n}`;
    const kind = r.next();
    if (kind < 0.4) await objectFlow(r, base);
    else if (kind < 0.7) await copyFlow(r, base);
    else await multipartFlow(r, base);
  }
}

test(`>= 2,000 mixed SSE requests at concurrency ${CONCURRENCY}: no errors, every object reads back`, async () => {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t0 = Date.now();
  const deadline = t0 + DEADLINE_MS;
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i, deadline)));
  const mixedMs = Date.now() - t0;
  const mixed = requests;

  // Everything written, read back once more after the storm (same bound on in-flight requests).
  const all = [...written.values()];
  const t1 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const r = rng(next);
      for (let i = next++; i < all.length && Date.now() < deadline; i = next++) {
        const w = all[i]!;
        const res = await call(`verify ${w.key}`, r.pick(picker.forInterface('get-object', 'plain', w.enc)), { method: 'GET', path: objectPath(ep.bucket, w.key), headers: readHeaders(w) }, 200);
        if (res) same(`verify ${w.key}`, res.body, w.data);
      }
    }),
  );
  const verifyMs = Date.now() - t1;
  clearInterval(sampler);
  const rssNow = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rssNow);

  // At rest: encrypted objects are not their plaintext (GCM adds 28 bytes per segment); plain ones are.
  for (const w of all) {
    const raw = await ep.rawStoredBytes(ep.bucket, w.key);
    if (!raw) errors.push(`rawStoredBytes ${w.key}: missing`);
    else if (w.enc === 'plain' ? !raw.equals(w.data) : raw.length !== w.data.length + 28 * w.parts || (w.data.length >= 16 && raw.includes(w.data.subarray(0, 16)))) {
      errors.push(`at rest ${w.key} (${w.enc}): ${raw.length} stored bytes for ${w.data.length}`);
    }
  }

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  const cells = [...perCell.entries()].sort().map(([k, v]) => `  ${k.padEnd(28)} ${v}`).join('\n');
  const byEnc = ENCS.map((e) => `${e}: ${all.filter((w) => w.enc === e).length}`).join(', ');
  console.log(
    [
      `load: ${mixed} mixed requests in ${(mixedMs / 1000).toFixed(1)} s = ${Math.round(mixed / (mixedMs / 1000))} req/s at concurrency ${CONCURRENCY}`,
      `      + ${requests - mixed} verify GETs in ${(verifyMs / 1000).toFixed(1)} s = ${Math.round((requests - mixed) / (verifyMs / 1000))} req/s`,
      `      objects written and read back: ${all.length} (${byEnc}); errors: ${errors.length}`,
      `      RSS (endpoint and client share this process): ${mb(rssNow)} at the end, ${mb(peakRss)} peak`,
      `requests by operation and transport:\n${cells}`,
    ].join('\n'),
  );

  expect(errors.slice(0, 20)).toEqual([]);
  expect(mixed).toBeGreaterThanOrEqual(2_000);
  expect(all.length).toBeGreaterThan(300);
  // Every transport the profile allows showed up: HTTP and V2 cells as well as HTTPS+V4.
  for (const via of ['https-v4', 'https-v2', 'http-v4', 'http-v2']) expect([...perCell.keys()].some((k) => k.endsWith(via))).toBe(true);
});
