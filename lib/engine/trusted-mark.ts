// Tests only. A real run's trusted requests are the AWS SDK's, and so, header for header, are its
// Signature V4 requests under test (./client-profiles.ts): nothing an endpoint sees tells them
// apart, which is the point. Tests that put a proxy between the harness and an endpoint still need
// to know which is which: when a test asks (RunHooks.markTrusted -> EngineOptions.markTrusted ->
// createTrustedClient), every trusted request carries this header, added after signing (so an
// endpoint that checks signatures is not affected, and a proxy can take it off before forwarding).
// No setting, flag or .env line turns it on; a test that drives the CLI as a child process sets
// TRUSTED_MARK_ENV in the child's environment (lib/reliability/retries.slow.test.ts).

export const TRUSTED_MARK = 'x-sse-conformance-trusted';

/** Tests that run the CLI: this variable set to 1 in its environment marks the run's trusted path. */
export const TRUSTED_MARK_ENV = 'SSE_CONFORMANCE_TEST_MARK_TRUSTED';

export function markTrustedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TRUSTED_MARK_ENV] === '1';
}

/** Whether a request (headers as Node gives them, or as any record) carries the test mark. */
export function isTrustedMarked(headers: Record<string, string | string[] | undefined>): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === TRUSTED_MARK);
}

/** A middleware step that marks every request of the client, after the SDK has signed it. */
export function markTrustedRequests(client: { middlewareStack: { addRelativeTo(mw: unknown, opts: unknown): void } }): void {
  const middleware = (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers;
    if (headers) headers[TRUSTED_MARK] = '1';
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'sseConformanceTrustedMark', override: true });
}
