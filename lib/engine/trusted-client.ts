import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest as SmithyRequest } from '@smithy/protocol-http';
import { finished, Transform, type Readable } from 'node:stream';
import type { Target } from '../config/settings';
import type { Redactor } from '../redact/redact';
import { signaturesOf } from '../signing/signatures';
import type { Agents } from '../transport/agents';
import type { Exchange } from '../verdict/types';
import { bodyExcerpt } from './act';
import { record } from './case-scope';
import { SDK_MAX_ATTEMPTS } from './client-profiles';
import { markTrustedRequests } from './trusted-mark';

/**
 * The most any trusted answer may carry. The largest legitimate one is a listing page (1,000 keys
 * of at most 1,024 bytes, about 1.5 MB); object read-backs are capped lower by their caller.
 */
export const TRUSTED_MAX_ANSWER = 8 * 1024 * 1024;

/**
 * A trusted request that went past a bound: no complete answer within the deadline, or an answer
 * larger than allowed. Never retried (the SDK retries neither an AbortError nor a client error), so
 * one attempt costs at most the deadline. `$metadata` is set so that the SDK's deserializer neither
 * appends its hint to the message nor stamps the answer's status on it: this is no answer at all.
 */
export class TrustedBoundError extends Error {
  override readonly name = 'TrustedBoundError';
  readonly $metadata = {};
  constructor(
    readonly kind: 'deadline' | 'size',
    message: string,
    /** The Content-Length that was refused before any byte of the body was read. */
    readonly declared?: number,
  ) {
    super(message);
  }
}

/**
 * Counts and records each attempt the SDK makes (its retries included), so that a case's
 * evidence and request count cover the trusted steps too. Each attempt gets a whole-request
 * deadline (connect, headers and the body to its last byte, read later by the caller) and a size
 * cap on its answer: the SDK's own timeouts only bound connect and idle gaps.
 */
class RecordingHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly redactor: Redactor,
    private readonly timeoutMs: number,
    private readonly maxAnswer = TRUSTED_MAX_ANSWER,
  ) {
    super(options);
  }

  override async handle(request: SmithyRequest, options?: Parameters<NodeHttpHandler['handle']>[1]) {
    const started = performance.now();
    // The SDK's signature, known to the redactor before anything of this request is redacted.
    for (const sig of signaturesOf(request.headers)) this.redactor.addSignature(sig);
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${
      request.query && Object.keys(request.query).length ? `?${new URLSearchParams(request.query as Record<string, string>).toString()}` : ''
    }`;
    const base = {
      step: 'trusted',
      request: { method: request.method, url: this.redactor.url(url), headers: this.redactor.headers(request.headers) },
    };
    const abort = new AbortController();
    const given = options?.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    // The caller's signal aborts this attempt too (linked by hand: AbortSignal.any showed in the run's CPU profile).
    const onGiven = () => abort.abort(given?.reason);
    if (given?.aborted) onGiven();
    else given?.addEventListener('abort', onGiven, { once: true });
    const abortSignal = abort.signal;
    let body: Transform | undefined;
    let onDeadline: ((e: TrustedBoundError) => void) | undefined;
    const deadline = new Promise<never>((_, reject) => (onDeadline = reject));
    const timer = setTimeout(() => {
      const e = new TrustedBoundError('deadline', `no complete answer within ${this.timeoutMs} ms`);
      abort.abort(e.message);
      if (body) body.destroy(e);
      else onDeadline!(e);
    }, this.timeoutMs);
    // Bounds the harness, it does not keep a finished process alive.
    timer.unref();
    const finish = () => {
      clearTimeout(timer);
      given?.removeEventListener('abort', onGiven);
    };
    try {
      const out = await Promise.race([super.handle(request, { ...options, abortSignal }), deadline]);
      const exchange = {
        ...base,
        response: { status: out.response.statusCode, headers: this.redactor.headers(out.response.headers) },
        durationMs: Math.round(performance.now() - started),
      } as Exchange;
      record(exchange);
      const res = out.response.body as Readable | undefined;
      const declared = Number(out.response.headers['content-length'] ?? out.response.headers['Content-Length']);
      if (res && request.method !== 'HEAD' && declared > this.maxAnswer) {
        res.destroy();
        finish();
        const e = new TrustedBoundError('size', `answer larger than ${this.maxAnswer} bytes (Content-Length ${declared})`, declared);
        exchange.error = e.message;
        throw e;
      }
      if (!res || typeof res.pipe !== 'function') {
        finish();
        return out;
      }
      // The body is read after handle() returns (by the SDK's parser, or by the caller of a GET):
      // the deadline and the cap go on with it, and a breach ends it with the error.
      let size = 0;
      const max = this.maxAnswer;
      // The SDK parses the answer exactly as it came: an upload id, a token, an ETag or a listed key
      // goes back to the endpoint, and redaction would rewrite it (a short secret key inside an
      // upload id). What is recorded is redacted instead: an answer that is not object data is held
      // until its end, and its excerpt (redacted as bytes, then cut) joins the exchange, so that the
      // endpoint's error message is evidence, never a text the SDK has rewritten (sdkStatus drops it).
      const held: Buffer[] = [];
      const holding = !(request.query?.['x-id'] === 'GetObject' && out.response.statusCode < 300);
      const redactor = this.redactor;
      body = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > max) return done(new TrustedBoundError('size', `answer larger than ${max} bytes (read stopped there)`));
          if (holding) held.push(chunk);
          done(null, chunk);
        },
        flush(done) {
          const all = held.length ? Buffer.concat(held) : undefined;
          // Error documents only (a copy's 200 may carry one); listings and results are not evidence.
          if (all && (out.response.statusCode >= 300 || all.includes('<Error'))) {
            const excerpt = bodyExcerpt(all, redactor);
            if (excerpt !== undefined && exchange.response) exchange.response.bodyExcerpt = excerpt;
          }
          done();
        },
      });
      // Piped by hand: stream.pipeline makes (and aborts) an AbortController per stream, whose
      // DOMException showed in the run's CPU profile. The same ends: an error of either side ends
      // both, and a reader that stops early stops the answer.
      res.once('error', (err) => body!.destroy(err));
      body.once('close', () => {
        if (!res.readableEnded) res.destroy();
      });
      res.pipe(body);
      finished(body, (err) => {
        finish();
        // (A reader that stops early, e.g. at its own cap, closes the stream: not an error of the answer.)
        if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
          exchange.error = this.redactor.text(err.message);
          exchange.durationMs = Math.round(performance.now() - started);
        }
      });
      out.response.body = body;
      return out;
    } catch (e) {
      finish();
      if (abort.signal.aborted && !given?.aborted) {
        const err = new TrustedBoundError('deadline', `no complete answer within ${this.timeoutMs} ms`);
        record({ ...base, error: err.message, durationMs: Math.round(performance.now() - started) });
        throw err;
      }
      // An SDK error can quote the endpoint's message: redacted as it is recorded.
      if (!(e instanceof TrustedBoundError)) record({ ...base, error: this.redactor.text((e as Error).message), durationMs: Math.round(performance.now() - started) });
      throw e;
    }
  }
}

/**
 * The trusted path for fixtures and read-back: HTTPS, Signature V4, the AWS SDK, so that
 * arranging and verifying never depend on the harness's own signer.
 */
export function createTrustedClient(
  target: Target,
  agents: Agents,
  timeoutMs: number,
  redactor: Redactor,
  /** Tests only: mark every trusted request (./trusted-mark.ts). */
  opts: { markTrusted?: boolean } = {},
): S3Client {
  const client = new S3Client({
    region: target.region,
    endpoint: target.https,
    forcePathStyle: target.forcePathStyle,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    // The middleware stack resolved once per command class, not at every send (a third of the
    // SDK's CPU per request). The stack is complete before the first send (useUserAgent).
    cacheMiddleware: true,
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Adaptive retries: 503 SlowDown, 5xx and resets are retried with backoff, a bounded number of
    // times, and throttling answers also slow every later trusted request down (a client-side rate
    // limit that recovers as requests succeed), as the AWS SDK's adaptive mode does for any client.
    retryMode: 'adaptive',
    // The SDK says so in amz-sdk-request; the V4 requests under test say the same (./client-profiles.ts).
    maxAttempts: SDK_MAX_ATTEMPTS,
    // No SDK timeouts: they bound only connect and idle gaps (a body dripping a byte a second never
    // trips them), and a timeout they raise is retried. The handler's deadline bounds each attempt whole.
    requestHandler: new RecordingHandler({ httpsAgent: agents.https, socketAcquisitionWarningTimeout: 2 * timeoutMs }, redactor, timeoutMs),
  });
  // The SDK's logger step filters every input and output for a log it then hands a logger that
  // writes nothing (no logger is configured): a cost on every request, for nothing.
  client.middlewareStack.remove('loggerMiddleware');
  if (opts.markTrusted) markTrustedRequests(client);
  return client;
}
