import { authenticate, detectAuth } from './auth/authenticate';
import { parsePostForm, type PostForm } from './auth/post-form';
import { detectPostAuth, verifyPostPolicy } from './auth/post-policy';
import { err } from './errors';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './ops/bucket';
import { copyObject } from './ops/copy-object';
import { deleteObjects } from './ops/delete-objects';
import { listObjects, listObjectsV2 } from './ops/list';
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy } from './ops/multipart';
import { deleteObject, putObject, readObject } from './ops/object';
import { postObject } from './ops/post-object';
import { checkKey, checkMessage, header, parseAddress, readBody, type RequestContext } from './request';
import { sendError } from './respond';
import { route, type Operation } from './router';

type Handler = (ctx: RequestContext) => Promise<void>;

/** Largest XML request body (10,000 parts or 1,000 keys fit with room to spare). */
export const MAX_XML_BODY_BYTES = 2 * 1024 * 1024;
const XML_BODY_OPS = new Set<string>(['complete-multipart-upload', 'delete-objects']);

const HANDLERS: Record<Exclude<Operation, 'post-object'>, Handler> = {
  'list-buckets': listBuckets,
  'create-bucket': createBucket,
  'head-bucket': headBucket,
  'delete-bucket': deleteBucket,
  'get-bucket-location': getBucketLocation,
  'list-objects': listObjects,
  'list-objects-v2': listObjectsV2,
  'list-multipart-uploads': listMultipartUploads,
  'delete-objects': deleteObjects,
  'put-object': putObject,
  'copy-object': copyObject,
  'get-object': readObject,
  'head-object': readObject,
  'delete-object': deleteObject,
  'initiate-multipart-upload': initiateMultipartUpload,
  'upload-part': uploadPart,
  'upload-part-copy': uploadPartCopy,
  'complete-multipart-upload': completeMultipartUpload,
  'abort-multipart-upload': abortMultipartUpload,
  'list-parts': listParts,
};

/**
 * One request: route (pure) -> body -> faults keyed on the signature version -> authenticate ->
 * object-level fault -> operation (which classifies and enforces the profile before any side
 * effect). Every failure, expected or not, ends as an S3 error document.
 */
export async function handleRequest(ctx: RequestContext): Promise<void> {
  try {
    checkMessage(ctx.req);
    Object.assign(ctx, parseAddress(ctx.req.url ?? '/', header(ctx.headers, 'host')));
    if (ctx.key !== undefined) checkKey(ctx.key);
    const r = route(ctx.method, ctx.bucket, ctx.key, ctx.query, ctx.headers);
    // XML bodies are parsed whole: a few MiB of XML already blocks the event loop for a second.
    ctx.body = await readBody(ctx.req, XML_BODY_OPS.has(r.op) ? Math.min(MAX_XML_BODY_BYTES, ctx.state.maxBodyBytes) : ctx.state.maxBodyBytes);
    const { state } = ctx;
    let form: PostForm | undefined;
    if (r.op === 'post-object') {
      form = await parsePostForm(ctx.headers, ctx.body, state.maxBodyBytes);
      if (state.fault === 'refuse-v2' && detectPostAuth(form) === 'v2') throw err.accessDenied('Signature Version 2 is refused (refuse-v2 fault)');
      ctx.auth = verifyPostPolicy(form, ctx.bucket!, state.credentials, state.region, state.now());
    } else {
      if (state.fault === 'refuse-v2' && detectAuth(ctx).startsWith('v2')) throw err.accessDenied('Signature Version 2 is refused (refuse-v2 fault)');
      ctx.auth = authenticate(ctx);
    }
    if (state.fault === 'error-500' && r.objectLevel) throw err.internal('Deliberate fault: error-500');
    if (r.op === 'not-implemented') throw err.notImplemented(r.why);
    if (r.op === 'post-object') await postObject(ctx, form!);
    else await HANDLERS[r.op](ctx);
  } catch (e) {
    // A body left unread (too large, or refused early) would poison a kept-alive connection.
    if (!ctx.req.complete) ctx.res.setHeader('connection', 'close');
    sendError(ctx, e);
  }
}
