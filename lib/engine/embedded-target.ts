import type { Target } from '../config/settings';
import type { ReferenceEndpoint } from '../reference-endpoint';

/** The harness's view of a reference endpoint started in this process. */
export function targetOf(ep: ReferenceEndpoint): Target {
  return {
    embedded: true,
    http: ep.http,
    https: ep.https,
    region: ep.region,
    accessKeyId: ep.accessKeyId,
    secretAccessKey: ep.secretAccessKey,
    bucket: ep.bucket,
    kmsKeyId: ep.kmsKeyId,
    kmsKeyId2: ep.kmsKeyId2,
    forcePathStyle: true,
    caFile: ep.caFile,
    tlsInsecure: false,
  };
}
