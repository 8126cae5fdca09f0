// Every loop over an endpoint's listing answers is bounded. A listing pages on for as long as the
// endpoint says IsTruncated, so a hostile or broken endpoint could keep the harness asking forever
// (fresh tokens), in a circle (a token or marker seen before), or fill its memory (made-up keys).
// A ListingPager is told of each page and says when paging must stop, and why; trusted-ops turns
// that into a TrustedStepError, so a witness that depended on the listing is ERROR and a cleanup
// that did is a cleanup failure (exit 2), never a silently partial list nor a hang.
import { createHash } from 'node:crypto';
import { RUN_PREFIX_ROOT } from './prefix';

export interface ListingBounds {
  /** Most entries (keys, uploads) the whole listing may return; past it the listing is stopped. */
  maxEntries: number;
  /** Most pages. */
  maxPages: number;
  /** Most time from the first request until a page that ends the listing, in ms. */
  budgetMs: number;
}

/**
 * Inside one run's prefix the harness writes a few keys per cell: under a thousand for all 128
 * cells. Ten times that is far more than it wrote, and still little memory (~1 MB of keys).
 */
export const RUN_LISTING_BOUNDS: ListingBounds = { maxEntries: 10_000, maxPages: 1_000, budgetMs: 20_000 };

/** Anything wider (`cleanup` lists the root of every run's prefix): ten times as much, and more time. */
export const WIDE_LISTING_BOUNDS: ListingBounds = { maxEntries: 100_000, maxPages: 10_000, budgetMs: 120_000 };

/** The bounds for a listing of `prefix`: one run's prefix (or a folder in it) gets the tighter ones. */
export function boundsFor(prefix: string, given: Partial<ListingBounds> = {}): ListingBounds {
  const oneRun = prefix.startsWith(RUN_PREFIX_ROOT) && /^[^/]+\//.test(prefix.slice(RUN_PREFIX_ROOT.length));
  return { ...(oneRun ? RUN_LISTING_BOUNDS : WIDE_LISTING_BOUNDS), ...given };
}

/** Why a listing was stopped; the text is the harness's own (numbers only from the endpoint), safe for reports. */
export class ListingStopped extends Error {
  override readonly name = 'ListingStopped';
}

export type ListingKind = 'objects' | 'uploads';

const WHAT: Record<ListingKind, { entries: string; next: string; again: string }> = {
  objects: { entries: 'keys', next: 'no continuation token', again: 'a continuation token' },
  uploads: { entries: 'uploads', next: 'neither a next key marker nor a next upload-id marker', again: 'a key marker and upload-id marker pair' },
};

/**
 * Told of each page in turn (`afterPage`), it says whether the listing may ask for the next one.
 * Memory: the entries are the caller's (bounded by maxEntries); the tokens seen are kept as hashes.
 */
export class ListingPager {
  private readonly bounds: ListingBounds;
  private readonly started: number;
  private pages = 0;
  private entries = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly kind: ListingKind,
    prefix: string,
    given: Partial<ListingBounds> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bounds = boundsFor(prefix, given);
    this.started = now();
  }

  /**
   * After a page with `entries` entries: null when the listing has ended (`truncated` false) or may
   * go on with `next` (the continuation token, or the key and upload-id markers), else why it must
   * stop. A truncated page that names no way on is a stop too: a list cut short would let a witness
   * call absent what the rest of the listing holds.
   */
  afterPage(entries: number, truncated: boolean | undefined, next: readonly (string | undefined)[]): ListingStopped | null {
    this.pages++;
    this.entries += entries;
    const { entries: noun, next: none, again } = WHAT[this.kind];
    const { maxEntries, maxPages, budgetMs } = this.bounds;
    if (this.entries > maxEntries) return new ListingStopped(`the listing returned more than ${maxEntries} ${noun} under the prefix, far more than the harness wrote there`);
    if (!truncated) return null;
    if (next.every((t) => t === undefined || t === '')) return new ListingStopped(`page ${this.pages} of the listing was truncated but named ${none} to go on with`);
    const token = createHash('sha256').update(JSON.stringify(next)).digest('base64');
    if (this.seen.has(token)) return new ListingStopped(`the listing repeated ${again} (page ${this.pages})`);
    this.seen.add(token);
    if (this.pages >= maxPages) return new ListingStopped(`the listing did not end within ${maxPages} pages`);
    const elapsed = this.now() - this.started;
    if (elapsed >= budgetMs) return new ListingStopped(`the listing did not end within ${Number((budgetMs / 1000).toFixed(1))} s (${this.pages} pages)`);
    return null;
  }
}
