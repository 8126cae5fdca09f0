// Dishonest listings for the proxy (./dishonest-proxy.ts): ListObjectsV2 answers that never end,
// that repeat their continuation token, or that end only after tens of thousands of made-up keys.
// Each behaviour counts the listing pages it answered (`pages`), so a test can say how many the
// harness asked for.
import type { CaseResult, RunResults } from '../types';
import type { Behaviour, ProxiedAnswer, ProxiedRequest } from './dishonest-proxy';

/** A behaviour and how many ListObjectsV2 pages it has answered so far. */
export interface ListingBehaviour {
  behave: Behaviour;
  readonly pages: number;
}

/** The query of a path-style ListObjectsV2 request (GET /bucket?list-type=2...), or null for any other request. */
export function listObjectsV2Of(req: ProxiedRequest): { bucket: string; prefix: string; token: string | null } | null {
  if (req.method !== 'GET') return null;
  const u = new URL(req.url, 'http://proxy.invalid');
  if (u.searchParams.get('list-type') !== '2') return null;
  const bucket = decodeURIComponent(u.pathname.split('/')[1] ?? '');
  return { bucket, prefix: u.searchParams.get('prefix') ?? '', token: u.searchParams.get('continuation-token') };
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A ListBucketResult page. `keysXml`: keys already as XML text (copied from a real answer or escaped). */
export function listingPage(o: { bucket: string; prefix: string; keysXml: string[]; token: string | null; next?: string }): ProxiedAnswer {
  const contents = o.keysXml
    .map((k) => `<Contents><Key>${k}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlText(o.bucket)}</Name><Prefix>${xmlText(o.prefix)}</Prefix>` +
    `<MaxKeys>1000</MaxKeys><KeyCount>${o.keysXml.length}</KeyCount><IsTruncated>${o.next !== undefined}</IsTruncated>` +
    (o.token !== null ? `<ContinuationToken>${xmlText(o.token)}</ContinuationToken>` : '') +
    (o.next !== undefined ? `<NextContinuationToken>${xmlText(o.next)}</NextContinuationToken>` : '') +
    `${contents}</ListBucketResult>`;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(body) };
}

/** `n` made-up keys under the prefix, as XML text. */
function madeUp(prefix: string, page: number, n: number): string[] {
  const p = xmlText(prefix);
  return Array.from({ length: n }, (_, i) => `${p}${page.toString(36)}x${i.toString(36).padStart(3, '0')}`);
}

/** The keys of a real ListBucketResult, as the XML text they were sent in. */
function keysOf(body: Buffer): string[] {
  return [...body.toString('utf8').matchAll(/<Contents>[\s\S]*?<Key>([\s\S]*?)<\/Key>/g)].map((m) => m[1]);
}

/** Every ListObjectsV2 answered truncated, with a fresh continuation token and `perPage` made-up keys under the prefix. */
export function endlessListing(perPage = 1000): ListingBehaviour {
  let pages = 0;
  return {
    get pages() {
      return pages;
    },
    behave: async (req, forward) => {
      const l = listObjectsV2Of(req);
      if (!l) return forward();
      pages++;
      return listingPage({ bucket: l.bucket, prefix: l.prefix, keysXml: madeUp(l.prefix, pages, perPage), token: l.token, next: `fresh-${pages}-${Math.random().toString(36).slice(2)}` });
    },
  };
}

/** The first page is the real one, but truncated with a token; asked with that token, the same page and the same token again, forever. */
export function repeatedToken(): ListingBehaviour {
  let pages = 0;
  const firstPages = new Map<string, string[]>();
  return {
    get pages() {
      return pages;
    },
    behave: async (req, forward) => {
      const l = listObjectsV2Of(req);
      if (!l) return forward();
      pages++;
      let keys = l.token === 'again' ? firstPages.get(l.prefix) : undefined;
      if (!keys) {
        const real = await forward();
        if (real.status !== 200) return real;
        keys = keysOf(real.body);
        firstPages.set(l.prefix, keys);
      }
      return listingPage({ bucket: l.bucket, prefix: l.prefix, keysXml: keys, token: l.token, next: 'again' });
    },
  };
}

/**
 * A listing that ends, but only after `total` made-up keys under the prefix (1,000 a page): the
 * real keys come on its last page, so whatever the harness looks for is there.
 */
export function listingFlood(total = 30_000): ListingBehaviour {
  let pages = 0;
  let floods = 0;
  const real = new Map<string, string[]>();
  return {
    get pages() {
      return pages;
    },
    behave: async (req, forward) => {
      const l = listObjectsV2Of(req);
      const m = l?.token ? /^flood-(\d+)-(\d+)$/.exec(l.token) : null;
      if (!l || (l.token !== null && !m)) return forward();
      pages++;
      let id: string;
      let n: number;
      if (!m) {
        const first = await forward();
        if (first.status !== 200) return first;
        id = String(++floods);
        n = 0;
        real.set(id, keysOf(first.body));
      } else {
        id = m[1];
        n = Number(m[2]);
      }
      if (n * 1000 >= total) return listingPage({ bucket: l.bucket, prefix: l.prefix, keysXml: real.get(id) ?? [], token: l.token });
      return listingPage({ bucket: l.bucket, prefix: l.prefix, keysXml: madeUp(l.prefix, n, 1000), token: l.token, next: `flood-${id}-${n + 1}` });
    },
  };
}

/** The cells a dishonest listing is run on: three reject cells whose proven look lists the cell's folder, and an accept cell. */
export const LISTING_CELLS = ['sse-c/put-object/http-v4', 'sse-kms/put-object/http-v4', 'sse-kms/put-object/https-v2', 'sse-kms/put-object/https-v4'];

/**
 * What a right judge makes of a listing it had to stop (jest's expect): every reject cell (its
 * absence rested on a listing) is ERROR saying why, the accept cell (judged by read-backs) still
 * passes, and the cleanup, which lists the run's prefix, failed naming the listing (exit 2).
 */
export function expectListingStopped(outcome: { results: CaseResult[]; run: RunResults }, reason: RegExp): { touched: number } {
  const touched = outcome.results.filter((r) => r.expected === 'reject');
  for (const r of touched) {
    expect({ id: r.id, verdict: r.verdict, reason: r.reason }).toEqual({ id: r.id, verdict: 'error', reason: expect.stringMatching(reason) });
  }
  for (const r of outcome.results.filter((x) => x.expected === 'accept')) expect({ id: r.id, verdict: r.verdict }).toEqual({ id: r.id, verdict: 'pass' });
  expect(outcome.run.cleanup).toMatchObject({ ok: false, left: null });
  expect(outcome.run.cleanup!.failures.join('; ')).toMatch(reason);
  return { touched: touched.length };
}
