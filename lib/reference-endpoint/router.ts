import type { IncomingHttpHeaders } from 'node:http';

export type Operation =
  | 'list-buckets'
  | 'create-bucket'
  | 'head-bucket'
  | 'delete-bucket'
  | 'get-bucket-location'
  | 'list-objects'
  | 'list-objects-v2'
  | 'list-multipart-uploads'
  | 'delete-objects'
  | 'post-object'
  | 'put-object'
  | 'copy-object'
  | 'get-object'
  | 'head-object'
  | 'delete-object'
  | 'initiate-multipart-upload'
  | 'upload-part'
  | 'upload-part-copy'
  | 'complete-multipart-upload'
  | 'abort-multipart-upload'
  | 'list-parts';

export type Route = { op: Operation; objectLevel: boolean } | { op: 'not-implemented'; objectLevel: boolean; why: string };

/** S3 subresources this endpoint does not implement: answered 501 rather than misread as plain requests. */
const UNIMPLEMENTED = [
  'acl', 'accelerate', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold',
  'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging', 'torrent',
  'versioning', 'versionId', 'versions', 'website',
];

const OBJECT_LEVEL_BUCKET_OPS = new Set<Operation>(['post-object', 'delete-objects']);

/** Which operation a request is, from method, address, subresources and a few headers. Pure. */
export function route(method: string, bucket: string | undefined, key: string | undefined, query: URLSearchParams, headers: IncomingHttpHeaders): Route {
  const objectLevel = key !== undefined;
  const no = (why: string): Route => ({ op: 'not-implemented', objectLevel, why });
  const unimplemented = UNIMPLEMENTED.find((s) => query.has(s));
  if (unimplemented) return no(`The ${unimplemented} subresource is not implemented`);
  const op = pick(method, bucket, key, query, headers);
  if (!op) return no(`${method} ${key !== undefined ? 'object' : bucket !== undefined ? 'bucket' : 'service'} with these parameters is not implemented`);
  return { op, objectLevel: objectLevel || OBJECT_LEVEL_BUCKET_OPS.has(op) };
}

function pick(method: string, bucket: string | undefined, key: string | undefined, q: URLSearchParams, h: IncomingHttpHeaders): Operation | undefined {
  if (bucket === undefined) return method === 'GET' ? 'list-buckets' : undefined;
  if (key === undefined) {
    switch (method) {
      case 'PUT':
        return 'create-bucket';
      case 'HEAD':
        return 'head-bucket';
      case 'DELETE':
        return 'delete-bucket';
      case 'GET':
        if (q.has('location')) return 'get-bucket-location';
        if (q.has('uploads')) return 'list-multipart-uploads';
        return q.get('list-type') === '2' ? 'list-objects-v2' : 'list-objects';
      case 'POST':
        if (q.has('delete')) return 'delete-objects';
        if (/^multipart\/form-data/i.test(String(h['content-type'] ?? ''))) return 'post-object';
        return undefined;
      default:
        return undefined;
    }
  }
  const copy = h['x-amz-copy-source'] !== undefined;
  switch (method) {
    case 'PUT':
      if (q.has('uploadId') || q.has('partNumber')) return copy ? 'upload-part-copy' : 'upload-part';
      return copy ? 'copy-object' : 'put-object';
    case 'GET':
      return q.has('uploadId') ? 'list-parts' : 'get-object';
    case 'HEAD':
      return 'head-object';
    case 'DELETE':
      return q.has('uploadId') ? 'abort-multipart-upload' : 'delete-object';
    case 'POST':
      if (q.has('uploads')) return 'initiate-multipart-upload';
      if (q.has('uploadId')) return 'complete-multipart-upload';
      return undefined;
    default:
      return undefined;
  }
}
