import { err } from '../errors';
import type { RequestContext } from '../request';
import { SSE_C_PREFIX, dataKeyFor, parseCustomerKey } from '../sse';
import type { UploadRecord } from '../storage/records';
import { headerGetter } from './common';

/**
 * The key that seals a part of `upload`: the upload keeps the encryption chosen at initiate.
 * SSE-C uploads need the same customer key on every part; SSE-KMS parts use the upload's data
 * key (an aws:kms header on a part is tolerated only when it agrees with the upload).
 */
export function partDataKey(ctx: RequestContext, upload: UploadRecord): Buffer | null {
  const get = headerGetter(ctx);
  const sse = get('x-amz-server-side-encryption');
  const keyId = get('x-amz-server-side-encryption-aws-kms-key-id');
  if (sse !== undefined || keyId !== undefined) {
    const agrees = upload.sse.kind === 'sse-kms' && sse === 'aws:kms' && (keyId === undefined || ctx.state.keyring.resolve(keyId) === upload.sse.keyId);
    if (!agrees && ctx.state.fault !== 'plaintext') throw err.invalidArgument('The encryption of a part is the one chosen when the upload was initiated');
  }
  const customer = parseCustomerKey(get, SSE_C_PREFIX);
  // The part-key-unchecked fault: an SSE-C part is sealed under the key it carries, whichever it is.
  if (ctx.state.fault === 'part-key-unchecked' && upload.sse.kind === 'sse-c' && customer) return customer.key;
  return dataKeyFor(ctx.state, upload.sse, customer, 'upload');
}
