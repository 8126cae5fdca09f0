import { err } from '../errors';
import type { RequestContext } from '../request';
import { sendXml } from '../respond';
import { deleteObjectRecord } from '../storage/catalog';
import { parseXmlBody, text } from '../xml';
import { bucketOf, checkContentMd5 } from './common';

export async function deleteObjects(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  checkContentMd5(ctx, ctx.body);
  const doc = parseXmlBody(ctx.body, 'Delete');
  const objects = doc.Object;
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > 1000) throw err.malformedXml('A Delete request lists 1 to 1000 objects.');
  const keys = objects.map((o: Record<string, unknown>) => {
    const k = text(o?.Key);
    if (k === undefined || k === '') throw err.malformedXml('Each Object needs a Key.');
    return k;
  });
  const quiet = text(doc.Quiet)?.toLowerCase() === 'true';
  for (const k of keys) deleteObjectRecord(ctx.state, bucket, k);
  sendXml(ctx, 200, 'DeleteResult', { Deleted: quiet ? [] : keys.map((Key) => ({ Key })) });
}
