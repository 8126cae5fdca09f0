import type { S3Client } from '@aws-sdk/client-s3';
import type { Target } from '../config/settings';

// The trusted path is the AWS SDK and says so the way the SDK does: its own User-Agent (with the
// per-request metrics list it appends) and its x-amz-user-agent. The harness's V4 requests under test
// send the same, per operation (./client-profiles.ts). S3_USER_AGENT replaces both, on the trusted
// path and on every V4 request: then exactly that User-Agent is sent, and no x-amz-user-agent.

/** S3_USER_AGENT, or undefined: the SDK's own. */
export function userAgentOf(target: Pick<Target, 'userAgent'>): string | undefined {
  return target.userAgent || undefined;
}

/** Makes every request of the SDK client carry exactly `ua` (set after the SDK's own user-agent step, before signing); nothing when `ua` is undefined. */
export function useUserAgent(client: S3Client, ua: string | undefined): void {
  if (ua === undefined) return;
  const middleware = (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers;
      if (headers) {
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'x-amz-user-agent' || name.toLowerCase() === 'user-agent') delete headers[name];
        headers['user-agent'] = ua;
      }
      return next(args);
    };
  client.middlewareStack.addRelativeTo(middleware as never, { relation: 'after', toMiddleware: 'getUserAgentMiddleware', name: 'sseConformanceUserAgent', override: true } as never);
}
