import type { S3Client } from '@aws-sdk/client-s3';
import * as os from 'node:os';
import type { Target } from '../config/settings';

// The request under test must not stand out: it carries the same User-Agent as the trusted path's
// SDK requests (or S3_USER_AGENT for both), and neither sends the SDK's x-amz-user-agent.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's package.json is data read at run time
const SDK_VERSION: string = (require('@aws-sdk/client-s3/package.json') as { version: string }).version;

/** What the AWS SDK for JavaScript sends, without its per-request feature list. */
export const SDK_USER_AGENT = `aws-sdk-js/${SDK_VERSION} ua/2.1 os/${process.platform}#${os.release()} lang/js md/nodejs#${process.versions.node} api/s3#${SDK_VERSION}`;

export function userAgentOf(target: Pick<Target, 'userAgent'>): string {
  return target.userAgent || SDK_USER_AGENT;
}

/** Makes every request of the SDK client carry exactly `ua` (set after the SDK's own user-agent step, before signing). */
export function useUserAgent(client: S3Client, ua: string): void {
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
