/** The one JSON line `sse-conformance serve` prints when ready: a contract other tools read. */
export interface ServeLine {
  http: string;
  https: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  kmsKeyId: string;
  /** Added after the first release: a second KMS key (S3_KMS_KEY_ID_2). Fields are added, never removed. */
  kmsKeyId2: string;
  caFile: string;
  /** Added for issue 14: the token of the at-rest admin route (SSE_AT_REST_TOKEN, with SSE_AT_REST=builtin). */
  atRestToken?: string;
}

export function serveLineOf(ep: ServeLine): ServeLine {
  const { http, https, region, accessKeyId, secretAccessKey, bucket, kmsKeyId, kmsKeyId2, caFile, atRestToken } = ep;
  return { http, https, region, accessKeyId, secretAccessKey, bucket, kmsKeyId, kmsKeyId2, caFile, ...(atRestToken ? { atRestToken } : {}) };
}

/** The .env text that points the harness at a served endpoint (listeners may be replaced, e.g. by proxies). */
export function envTextFor(ep: ServeLine, listeners: { http?: string; https?: string } = {}): string {
  return [
    `S3_ENDPOINT_HTTP=${listeners.http ?? ep.http}`,
    `S3_ENDPOINT_HTTPS=${listeners.https ?? ep.https}`,
    `S3_REGION=${ep.region}`,
    `S3_ACCESS_KEY_ID=${ep.accessKeyId}`,
    `S3_SECRET_ACCESS_KEY=${ep.secretAccessKey}`,
    `S3_BUCKET=${ep.bucket}`,
    `S3_KMS_KEY_ID=${ep.kmsKeyId}`,
    `S3_KMS_KEY_ID_2=${ep.kmsKeyId2}`,
    `S3_CA_FILE=${ep.caFile}`,
    // The token alone probes nothing: SSE_AT_REST=builtin (or --at-rest builtin) asks for the probe.
    ...(ep.atRestToken ? [`SSE_AT_REST_TOKEN=${ep.atRestToken}`] : []),
    '',
  ].join('\n');
}
