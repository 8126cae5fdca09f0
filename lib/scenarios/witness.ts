// Witnesses of what a refused request may have left behind. An absence proves nothing by itself:
// a witness counts only once it is shown to see a thing known to be there (the control's object in
// the same listing, a known SSE-C object through the same kind of HEAD, a known part in the same
// upload). A witness that cannot see a known present thing is "blind" and the cell cannot pass.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { EngineContext } from '../engine/context';
import { account } from '../engine/account';
import { memoized } from '../engine/memo';
import type { SseCKey } from '../engine/sse';
import { keysUnder, listParts, sdkSseC, sdkStatus, TrustedStepError, uploadsUnder } from '../engine/trusted-ops';
import type { Encryption } from '../profile/types';
import { firstAndMore, type WitnessReport } from '../verdict/rules';
import { sourceFixture } from './stored';

export const NOTHING: WitnessReport = { present: null };

const FOLDER_BOUNDS = { maxEntries: 1_000, maxPages: 10 };

/**
 * A trusted HEAD, with or without an SSE-C key. 2xx: present; 404: absent. Without a key, 400/403
 * also mean present (an SSE-C object refuses a keyless read). With a key they are 'unknown': the
 * endpoint may be refusing the HEAD itself (its own rule), not telling what is stored.
 */
export async function headSees(ctx: EngineContext, key: string, ssec: SseCKey | null): Promise<'present' | 'absent' | 'unknown'> {
  try {
    await ctx.trusted.send(new HeadObjectCommand({ Bucket: ctx.target.bucket, Key: key, ...(ssec ? sdkSseC(ssec) : {}) }));
    return 'present';
  } catch (e) {
    const s = sdkStatus(e);
    if (s.status === 404) return 'absent';
    if (s.status === 400 || s.status === 403) return ssec ? 'unknown' : 'present';
    throw new TrustedStepError(`witness: HEAD ${ssec ? 'with' : 'without'} the SSE-C key`, s.status, s.code, s.status ? `${s.status} ${s.code ?? ''}`.trim() : s.message);
  }
}

/**
 * Whether the HEAD witnesses see a known stored object of this encryption (the shared source
 * fixture), without and (SSE-C) with its key: checked once per run and encryption. Returns what is
 * blind, or null.
 */
function headWitnessesBlind(ctx: EngineContext, enc: Encryption): Promise<string | null> {
  return memoized(ctx.witnessChecks, `witness:head:${enc}`, async () => {
    const f = await sourceFixture(ctx, enc);
    if ((await headSees(ctx, f.key, null)) !== 'present') return `a HEAD without a key does not see a stored ${enc} object`;
    if (enc === 'sse-c' && (await headSees(ctx, f.key, ctx.ssec)) !== 'present') return 'a HEAD with the SSE-C key does not see a stored SSE-C object';
    return null;
  });
}

export interface ObjectLook {
  key: string;
  enc: Encryption;
  /** The SSE-C key the write asked for (an SSE-C object hidden from keyless HEADs shows to it). */
  ssec: SseCKey;
  /** What it means when the object is there, e.g. "refused, but the object was stored". */
  meaning: string;
  /** Proven look: the control's object, written into the same folder, must show in the listing. */
  known?: { folder: string; key: string };
}

/**
 * An object that must not exist. First look: one HEAD. Proven look: HEAD without a key, and with
 * the SSE-C key for an SSE-C write, plus a listing of the cell's folder that shows the control's
 * object, and HEAD witnesses shown to see a known object of this encryption. Final sweep: the
 * run-wide listing, which must show the control's object.
 */
export async function lookForObject(ctx: EngineContext, o: ObjectLook): Promise<WitnessReport> {
  if (ctx.sweep) return inListing(await ctx.sweep.keys(), o);
  // A first look needs one HEAD where it can: with the key for an SSE-C write (an SSE-C object
  // hidden from keyless HEADs shows to it; 404 means nothing at all is there), without for the
  // others. The proven look uses both.
  const keyed = o.enc === 'sse-c' ? await headSees(ctx, o.key, o.ssec) : 'unknown';
  if (keyed === 'present') return { present: o.meaning };
  if ((o.known || keyed === 'unknown') && (await headSees(ctx, o.key, null)) === 'present') return { present: o.meaning };
  if (!o.known) return NOTHING;
  const { objects, strangers } = await listFolder(ctx, o.known.folder);
  const seen = inListing(objects, o);
  if (seen.present) return seen;
  if (strangers) return { present: strangers };
  if (seen.blind) return seen;
  const blind = await headWitnessesBlind(ctx, o.enc);
  return blind ? { present: null, blind } : NOTHING;
}

/**
 * One listing of a cell's folder, objects and uploads: what it holds, and what the harness never
 * wrote there (the folder may hold only the cell's own things; anything else is a write no request
 * asked for), in a sentence, or null.
 */
async function listFolder(ctx: EngineContext, folder: string): Promise<{ objects: string[]; uploads: { key: string; uploadId: string }[]; strangers: string | null }> {
  // A cell's folder holds a handful of things: a listing of it past a thousand is stopped (ERROR).
  const [objects, uploads] = await Promise.all([keysUnder(ctx, folder, FOLDER_BOUNDS), uploadsUnder(ctx, folder, FOLDER_BOUNDS)]);
  const found = account(ctx, objects, uploads).get(folder) ?? [];
  return { objects, uploads, strangers: found.length ? `refused, but the cell's folder holds ${firstAndMore(found)}` : null };
}

function inListing(listed: string[], o: ObjectLook): WitnessReport {
  if (listed.includes(o.key)) return { present: `${o.meaning} (seen only in a listing)` };
  if (o.known && !listed.includes(o.known.key)) return { present: null, blind: "a listing of the cell's folder does not show the control's object, known to be stored" };
  return NOTHING;
}

/** A multipart upload that must not exist; proven when the same listing shows the control's upload. */
export async function lookForUpload(ctx: EngineContext, key: string, known?: { folder: string; key: string }): Promise<WitnessReport> {
  const folder = !ctx.sweep && known ? await listFolder(ctx, known.folder) : null;
  const listed = ctx.sweep ? await ctx.sweep.uploads() : folder ? folder.uploads : await uploadsUnder(ctx, key);
  if (listed.some((u) => u.key === key)) return { present: 'refused, but a multipart upload was created' };
  if (folder?.strangers) return { present: folder.strangers };
  if (known && !listed.some((u) => u.key === known.key)) return { present: null, blind: "a listing of the cell's uploads does not show the control's upload, known to be open" };
  return NOTHING;
}

/**
 * A part that must not exist in an upload. Proven when the same ListParts shows a part known to be
 * there (`knownPart`, put into the same upload through the trusted path).
 */
export async function lookForPart(ctx: EngineContext, key: string, uploadId: string, part: number, knownPart?: number): Promise<WitnessReport> {
  const parts = await listParts(ctx, key, uploadId);
  if (parts === 'no-upload') return knownPart ? { present: null, blind: "the cell's own upload can no longer be listed" } : NOTHING;
  if (parts.some((p) => p.n === part)) return { present: 'refused, but the part was stored' };
  // The upload holds only what the harness put into it: the known part, once it is put.
  const strange = parts.filter((p) => p.n !== knownPart);
  if (strange.length) return { present: `refused, but the cell's upload holds a part the harness never put (part ${firstAndMore(strange.map((p) => String(p.n)))})` };
  if (knownPart && !parts.some((p) => p.n === knownPart)) return { present: null, blind: 'ListParts does not show a part known to be in the upload' };
  return NOTHING;
}
