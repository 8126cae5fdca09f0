import { ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { boundsFor, ListingPager, ListingStopped, RUN_LISTING_BOUNDS, WIDE_LISTING_BOUNDS } from './listing-bounds';
import { RUN_PREFIX_ROOT } from './prefix';
import { isTransientThrown } from './retry-policy';
import { keysUnder, TrustedStepError, uploadsUnder, type TrustedBucket } from './trusted-ops';

// Every loop over an endpoint's listing answers is bounded: the pager alone (pure), then keysUnder
// and uploadsUnder against a scripted endpoint that never stops, repeats itself or floods.

const RUN = `${RUN_PREFIX_ROOT}20260101T000000Z-abc123/`;
const FOLDER = `${RUN}f00d/cell/`;

describe('ListingPager', () => {
  test('an honest listing goes on while truncated with fresh tokens, and ends when not truncated', () => {
    const p = new ListingPager('objects', RUN);
    expect(p.afterPage(1000, true, ['t1'])).toBeNull();
    expect(p.afterPage(1000, true, ['t2'])).toBeNull();
    // The last page may carry a token or not: it ends the listing either way.
    expect(p.afterPage(12, false, ['t2'])).toBeNull();
  });

  test('a continuation token seen before, even pages earlier, stops the listing', () => {
    const p = new ListingPager('objects', RUN);
    expect(p.afterPage(1, true, ['a'])).toBeNull();
    expect(p.afterPage(1, true, ['b'])).toBeNull();
    expect(p.afterPage(1, true, ['a'])?.message).toBe('the listing repeated a continuation token (page 3)');
  });

  test('a key marker and upload-id marker pair seen before stops it; the same key with another upload id does not', () => {
    const p = new ListingPager('uploads', RUN);
    expect(p.afterPage(1, true, ['k', 'u1'])).toBeNull();
    expect(p.afterPage(1, true, ['k', 'u2'])).toBeNull();
    expect(p.afterPage(1, true, ['k', 'u1'])?.message).toBe('the listing repeated a key marker and upload-id marker pair (page 3)');
  });

  test('a truncated page that names no way on stops the listing instead of leaving it cut short', () => {
    expect(new ListingPager('objects', RUN).afterPage(3, true, [undefined])?.message).toBe(
      'page 1 of the listing was truncated but named no continuation token to go on with',
    );
    expect(new ListingPager('uploads', RUN).afterPage(3, true, ['', undefined])?.message).toMatch(/truncated but named neither a next key marker nor/);
  });

  test('more entries than the bound stop it, even on a page that ends the listing', () => {
    const p = new ListingPager('objects', RUN, { maxEntries: 2500 });
    expect(p.afterPage(1000, true, ['1'])).toBeNull();
    expect(p.afterPage(1000, true, ['2'])).toBeNull();
    expect(p.afterPage(1000, false, [undefined])?.message).toBe('the listing returned more than 2500 keys under the prefix, far more than the harness wrote there');
  });

  test('a listing past its time budget or its page bound stops', () => {
    expect(new ListingPager('objects', RUN, { budgetMs: 20_000 }, () => 0).afterPage(0, true, ['1'])).toBeNull();
    let now = 0;
    const p = new ListingPager('objects', RUN, { budgetMs: 1000 }, () => now);
    now = 999;
    expect(p.afterPage(0, true, ['1'])).toBeNull();
    now = 1000;
    expect(p.afterPage(0, true, ['2'])?.message).toBe('the listing did not end within 1 s (2 pages)');
    // Past the budget, a page that ends the listing is still taken.
    expect(new ListingPager('objects', RUN, { budgetMs: 1 }, () => (now += 5)).afterPage(0, false, [undefined])).toBeNull();
    const q = new ListingPager('uploads', RUN, { maxPages: 2 });
    expect(q.afterPage(0, true, ['k1', 'u'])).toBeNull();
    expect(q.afterPage(0, true, ['k2', 'u'])?.message).toBe('the listing did not end within 2 pages');
  });

  test("one run's prefix and its folders get the tight bounds; the root of all runs, and anything else, the wide ones", () => {
    expect(boundsFor(RUN)).toEqual(RUN_LISTING_BOUNDS);
    expect(boundsFor(FOLDER)).toEqual(RUN_LISTING_BOUNDS);
    expect(boundsFor(RUN_PREFIX_ROOT)).toEqual(WIDE_LISTING_BOUNDS);
    expect(boundsFor('elsewhere/')).toEqual(WIDE_LISTING_BOUNDS);
    expect(boundsFor(RUN, { maxEntries: 50 })).toEqual({ ...RUN_LISTING_BOUNDS, maxEntries: 50 });
    expect(RUN_LISTING_BOUNDS.maxEntries).toBeLessThan(WIDE_LISTING_BOUNDS.maxEntries);
  });
});

/** A scripted endpoint: `page(n, input)` answers the n-th listing request (from 1); past `cap` requests it refuses to go on. */
function scripted(page: (n: number, input: Record<string, unknown>) => Record<string, unknown>, cap = 300, delayMs = 0) {
  const asked: Record<string, unknown>[] = [];
  const send = async (cmd: ListObjectsV2Command | ListMultipartUploadsCommand) => {
    asked.push({ ...cmd.input });
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (asked.length > cap) throw new Error(`the test endpoint was asked for more than ${cap} pages`);
    return page(asked.length, cmd.input as unknown as Record<string, unknown>);
  };
  const bucket: TrustedBucket = { trusted: { send } as unknown as S3Client, target: { bucket: 'b' } };
  return { bucket, asked };
}

const madeUp = (prefix: string, n: number, from: number) => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}made-up-${from + i}` }));

/** The TrustedStepError a bounded listing ends with, and its reason. */
async function stopped(p: Promise<unknown>): Promise<{ step: string; reason: string }> {
  const e = await p.then(
    () => new Error('the listing ended without an error'),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TrustedStepError);
  expect((e as Error).cause).toBeInstanceOf(ListingStopped);
  // Answers came, and an endpoint would give them again: not an ERROR `--retries` tries again.
  expect((e as TrustedStepError).status).toBe(200);
  expect(isTransientThrown(e)).toBe(false);
  return { step: (e as TrustedStepError).step, reason: ((e as Error).cause as Error).message };
}

describe('keysUnder and uploadsUnder against a listing that never ends', () => {
  test('an honest listing in pages: every key under the prefix, each token passed back once', async () => {
    const { bucket, asked } = scripted((n) =>
      n < 3 ? { IsTruncated: true, NextContinuationToken: `t${n}`, Contents: madeUp(FOLDER, 2, n * 10) } : { IsTruncated: false, Contents: [{ Key: 'not/under/it' }, ...madeUp(FOLDER, 1, 99)] },
    );
    expect(await keysUnder(bucket, FOLDER)).toEqual([`${FOLDER}made-up-10`, `${FOLDER}made-up-11`, `${FOLDER}made-up-20`, `${FOLDER}made-up-21`, `${FOLDER}made-up-99`]);
    expect(asked.map((a) => a.ContinuationToken)).toEqual([undefined, 't1', 't2']);
  });

  test('fresh tokens forever, 1,000 made-up keys a page: stopped past the bound, after 11 pages', async () => {
    const { bucket, asked } = scripted((n) => ({ IsTruncated: true, NextContinuationToken: `fresh-${n}`, Contents: madeUp(RUN, 1000, n * 1000) }));
    expect(await stopped(keysUnder(bucket, RUN))).toEqual({
      step: 'list objects',
      reason: `the listing returned more than ${RUN_LISTING_BOUNDS.maxEntries} keys under the prefix, far more than the harness wrote there`,
    });
    expect(asked.length).toBe(RUN_LISTING_BOUNDS.maxEntries / 1000 + 1);
  });

  test('the same continuation token again: stopped at the second page', async () => {
    const { bucket, asked } = scripted(() => ({ IsTruncated: true, NextContinuationToken: 'same', Contents: madeUp(FOLDER, 3, 0) }));
    expect(await stopped(keysUnder(bucket, FOLDER))).toEqual({ step: 'list objects', reason: 'the listing repeated a continuation token (page 2)' });
    expect(asked.length).toBe(2);
  });

  test('truncated without a token: an error, not a list cut short', async () => {
    const { bucket } = scripted(() => ({ IsTruncated: true, Contents: madeUp(FOLDER, 3, 0) }));
    expect((await stopped(keysUnder(bucket, FOLDER))).reason).toMatch(/^page 1 of the listing was truncated but named no continuation token/);
  });

  test('empty pages with fresh tokens: stopped by the time budget', async () => {
    const { bucket, asked } = scripted((n) => ({ IsTruncated: true, NextContinuationToken: `t${n}` }), 300, 5);
    const t0 = performance.now();
    expect((await stopped(keysUnder(bucket, FOLDER, { budgetMs: 200 }))).reason).toMatch(/^the listing did not end within 0.2 s \(\d+ pages\)$/);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(asked.length).toBeGreaterThan(1);
  });

  test('uploads: the same marker pair again is stopped; fresh pairs with 1,000 made-up uploads a page are stopped past the bound', async () => {
    const same = scripted(() => ({ IsTruncated: true, NextKeyMarker: `${RUN}k`, NextUploadIdMarker: 'u', Uploads: [{ Key: `${RUN}k`, UploadId: 'u' }] }));
    expect(await stopped(uploadsUnder(same.bucket, RUN))).toEqual({ step: 'list multipart uploads', reason: 'the listing repeated a key marker and upload-id marker pair (page 2)' });
    expect(same.asked.map((a) => [a.KeyMarker, a.UploadIdMarker])).toEqual([
      [undefined, undefined],
      [`${RUN}k`, 'u'],
    ]);
    const flood = scripted((n) => ({
      IsTruncated: true,
      NextKeyMarker: `${RUN}k${n}`,
      NextUploadIdMarker: `u${n}`,
      Uploads: madeUp(RUN, 1000, n * 1000).map((o) => ({ Key: o.Key, UploadId: 'x' })),
    }));
    expect((await stopped(uploadsUnder(flood.bucket, RUN))).reason).toBe(`the listing returned more than ${RUN_LISTING_BOUNDS.maxEntries} uploads under the prefix, far more than the harness wrote there`);
    expect(flood.asked.length).toBe(RUN_LISTING_BOUNDS.maxEntries / 1000 + 1);
    const cut = scripted(() => ({ IsTruncated: true, Uploads: [] }));
    expect((await stopped(uploadsUnder(cut.bucket, RUN))).reason).toMatch(/truncated but named neither/);
  });
});
