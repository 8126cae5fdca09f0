import type { Auth, Protocol } from '../profile/types';
import type { Redactor } from '../redact/redact';
import { signRequest } from '../signing/sign';
import { signaturesOf } from '../signing/signatures';
import { address } from '../transport/address';
import { send, TransportError, type HttpResponse } from '../transport/send';
import type { Exchange } from '../verdict/types';
import { record } from './case-scope';
import { userAgentOf } from './user-agent';
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
  const { url, resourcePath } = address(ctx.target, spec.protocol, spec.key, spec.query);
  // The same User-Agent as the trusted path: nothing tells the request under test from the others.
  const given = { 'user-agent': userAgentOf(ctx.target), ...spec.headers };
  const headers = spec.policyAuth
    ? given
    : await signRequest(
        { method: spec.method, url, headers: given, body: spec.body },
        spec.auth,
        { accessKeyId: ctx.target.accessKeyId, secretAccessKey: ctx.target.secretAccessKey },
        ctx.target.region,
        resourcePath,
      );
  // Before anything is redacted: from here on, the signature is a secret the redactor knows.
  for (const sig of signaturesOf(headers, spec.policyAuth ? spec.body : undefined)) ctx.redactor.addSignature(sig);
  const request: Exchange['request'] = {
    method: spec.method,
    url: ctx.redactor.url(url.toString()),
    headers: ctx.redactor.headers(headers),
    bodyExcerpt: bodyExcerpt(spec.body, ctx.redactor),
  };
  try {
    const response = await send({ method: spec.method, url, headers, body: spec.body }, ctx.agents, ctx.timeoutMs);
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
