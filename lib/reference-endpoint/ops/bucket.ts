import { S3Error } from '../errors';
import type { RequestContext } from '../request';
import { send, sendXml } from '../respond';
import { createBucketRecord } from '../storage/catalog';
import { bucketOf } from './common';

export function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name);
}

const OWNER = { ID: 'sse-conformance', DisplayName: 'sse-conformance' };

export async function createBucket(ctx: RequestContext): Promise<void> {
  if (!validBucketName(ctx.bucket!)) throw new S3Error(400, 'InvalidBucketName', undefined, { BucketName: ctx.bucket! });
  // Like us-east-1: creating a bucket you already own succeeds.
  createBucketRecord(ctx.state, ctx.bucket!);
  send(ctx, 200, { location: `/${ctx.bucket}` });
}

export async function headBucket(ctx: RequestContext): Promise<void> {
  bucketOf(ctx);
  send(ctx, 200, { 'x-amz-bucket-region': ctx.state.region });
}

export async function deleteBucket(ctx: RequestContext): Promise<void> {
  const b = bucketOf(ctx);
  if (b.objects.size || b.uploads.size) throw new S3Error(409, 'BucketNotEmpty', undefined, { BucketName: b.name });
  ctx.state.buckets.delete(b.name);
  send(ctx, 204, {});
}

export async function getBucketLocation(ctx: RequestContext): Promise<void> {
  bucketOf(ctx);
  const region = ctx.state.region === 'us-east-1' ? '' : ctx.state.region;
  sendXml(ctx, 200, 'LocationConstraint', { '#text': region });
}

export async function listBuckets(ctx: RequestContext): Promise<void> {
  const buckets = [...ctx.state.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  sendXml(ctx, 200, 'ListAllMyBucketsResult', {
    Owner: OWNER,
    Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.created })) },
  });
}

export { OWNER };
