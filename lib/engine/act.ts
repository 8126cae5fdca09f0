import type { Auth, Protocol } from '../profile/types';
import type { Redactor } from '../redact/redact';
import { signRequest } from '../signing/sign';
import { signaturesOf } from '../signing/signatures';
import { address } from '../transport/address';
import { send, TransportError, type HttpResponse } from '../transport/send';
import type { Exchange } from '../verdict/types';
import { record } from './case-scope';
import { clientKindOf, clientQuery, dress, operationOf } from './client-profiles';
import type { EngineContext } from './context';

export interface SignedRequestSpec {
  method: string;
  protocol: Protocol;
  auth: Auth;
  /** Object key, or '' for the bucket itself (POST Object). */
  key: string;
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** POST Object authenticates by its signed policy form fields alone: no Authorization header. */
  policyAuth?: boolean;
}

export type Outcome = { kind: 'response'; response: HttpResponse } | { kind: 'transport'; error: TransportError };

/** Characters of a body kept as evidence. */
const EXCERPT = 2048;
// eslint-disable-next-line no-control-regex -- control characters are how binary data is recognised
const BINARY = /[\x00-\x08\x0e-\x1f]/;

/**
 * A body as evidence: binary data summarised; text redacted first (as bytes, then as text), then
 * cut, so that no secret is cut in two. Text bodies are small (error documents, XML results).
 */
export function bodyExcerpt(body: Buffer | undefined, redactor: Redactor): string | undefined {
  if (!body || body.length === 0) return undefined;
  // Binary payloads (object data) are summarised, not dumped. (C0 controls are the same bytes in latin1 and UTF-8.)
  if (BINARY.test(body.subarray(0, EXCERPT).toString('latin1'))) return `<${body.length} bytes of binary data>`;
  const { text, truncated } = redactor.excerpt(redactor.bytes(body).toString('utf8'), EXCERPT);
  return truncated ? `${text}… (${body.length} bytes)` : text;
}

/**
 * Builds, signs (the harness's own signer, exactly the case's protocol and signature version)
 * and sends one request, and records it, redacted, as evidence. Never retried: what the endpoint
 * answered the first time is what is judged.
 */
export async function sendSigned(ctx: EngineContext, step: string, spec: SignedRequestSpec): Promise<Outcome> {
  // As the client that can send this kind of request sends it: the AWS SDK for V4, botocore for V2, a
  // browser's form for POST Object (./client-profiles.ts). Its headers are in place before signing, so
  // that V4 signs what the SDK signs (amz-sdk-invocation-id, amz-sdk-request, x-amz-user-agent).
  const op = operationOf(spec);
  const kind = clientKindOf(spec.auth, spec.policyAuth);
  const { url, resourcePath } = address(ctx.target, spec.protocol, spec.key, clientQuery(kind, op, spec.query) || undefined);
  const client = await dress(kind, ctx.target, { op, method: spec.method, url, headers: spec.headers ?? {}, body: spec.body }, ctx.trusted);
  const body = client.body;
  const signed = spec.policyAuth
    ? client.headers
    : await signRequest(
        { method: spec.method, url, headers: client.headers, body },
        spec.auth,
        { accessKeyId: ctx.target.accessKeyId, secretAccessKey: ctx.target.secretAccessKey },
        ctx.target.region,
        resourcePath,
      );
  const headers = client.wire(signed);
  // repro --curl: the request under test as it goes out, in memory, before anything is redacted.
  if (step === 'act') ctx.onSigned?.(step, { method: spec.method, url: url.toString(), headers: { ...headers }, ...(body ? { body } : {}) });
  // Before anything is redacted: from here on, the signature is a secret the redactor knows.
  for (const sig of signaturesOf(headers, spec.policyAuth ? body : undefined)) ctx.redactor.addSignature(sig);
  const request: Exchange['request'] = {
    method: spec.method,
    url: ctx.redactor.url(url.toString()),
    headers: ctx.redactor.headers(headers),
    bodyExcerpt: bodyExcerpt(body, ctx.redactor),
  };
  try {
    const response = await send({ method: spec.method, url, headers, body }, ctx.agents, ctx.timeoutMs);
    record({
      step,
      request,
      response: {
        status: response.status,
        statusText: ctx.redactor.text(response.statusText),
        headers: ctx.redactor.headers(response.headers),
        bodyExcerpt: bodyExcerpt(response.body, ctx.redactor),
      },
      durationMs: response.durationMs,
    });
    return { kind: 'response', response };
  } catch (e) {
    const error = e instanceof TransportError ? e : new TransportError('other', (e as Error).message, 0);
    record({ step, request, error: ctx.redactor.text(`${error.kind}: ${error.message}`), durationMs: error.durationMs });
    return { kind: 'transport', error };
  }
}
