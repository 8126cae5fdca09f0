import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest as SmithyRequest } from '@smithy/protocol-http';
import type { Target } from '../config/settings';
import type { Redactor } from '../redact/redact';
import type { Agents } from '../transport/agents';
import { record } from './case-scope';

/**
 * Counts and records each attempt the SDK makes (its retries included), so that a case's
 * evidence and request count cover the trusted steps too.
 */
class RecordingHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly redactor: Redactor,
  ) {
    super(options);
  }

  override async handle(request: SmithyRequest, options?: Parameters<NodeHttpHandler['handle']>[1]) {
    const started = performance.now();
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${
      request.query && Object.keys(request.query).length ? `?${new URLSearchParams(request.query as Record<string, string>).toString()}` : ''
    }`;
    const base = {
      step: 'trusted',
      request: { method: request.method, url: this.redactor.url(url), headers: this.redactor.headers(request.headers) },
    };
    try {
      const out = await super.handle(request, options);
      record({
        ...base,
        response: { status: out.response.statusCode, headers: this.redactor.headers(out.response.headers) },
        durationMs: Math.round(performance.now() - started),
      });
      return out;
    } catch (e) {
      record({ ...base, error: (e as Error).message, durationMs: Math.round(performance.now() - started) });
      throw e;
    }
  }
}

/**
 * The trusted path for fixtures and read-back: HTTPS, Signature V4, the AWS SDK, so that
 * arranging and verifying never depend on the harness's own signer.
 */
export function createTrustedClient(target: Target, agents: Agents, timeoutMs: number, redactor: Redactor): S3Client {
  return new S3Client({
    region: target.region,
    endpoint: target.https,
    forcePathStyle: target.forcePathStyle,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Standard retries: 503 SlowDown and resets are retried with backoff, a bounded number of times.
    maxAttempts: 4,
    requestHandler: new RecordingHandler({ httpsAgent: agents.https, requestTimeout: timeoutMs, connectionTimeout: timeoutMs }, redactor),
  });
}
