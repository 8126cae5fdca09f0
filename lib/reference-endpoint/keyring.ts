import { open, randomBytes, seal } from './crypto';
import { S3Error } from './errors';

export const DEFAULT_KMS_KEY_ID = 'sse-conformance-default';
export const SECOND_KMS_KEY_ID = 'sse-conformance-second';

/**
 * A local stand-in for KMS: master keys live only in this process's memory. Objects are
 * envelope-encrypted: a random data key per object (or per multipart upload), stored only
 * wrapped by a master key with AES-256-GCM (the key id is the AAD, so a wrapped key cannot be
 * replayed under another key id).
 */
export class Keyring {
  private readonly masters = new Map<string, Buffer>();
  readonly defaultKeyId: string;

  constructor(keyIds: string[] = [DEFAULT_KMS_KEY_ID, SECOND_KMS_KEY_ID]) {
    for (const id of keyIds) this.masters.set(id, randomBytes(32));
    this.defaultKeyId = keyIds[0]!;
  }

  /** The key id for a requested id (plain id or a key ARN ending in `key/<id>`); default when absent. */
  resolve(requested: string | undefined): string {
    if (requested === undefined || requested === '') return this.defaultKeyId;
    const id = /^arn:aws:kms:[^:]*:[^:]*:key\/(.+)$/.exec(requested)?.[1] ?? requested;
    if (!this.masters.has(id)) throw new S3Error(400, 'KMS.NotFoundException', `Invalid keyId ${requested}`);
    return id;
  }

  generateDataKey(keyId: string): { plaintext: Buffer; wrapped: Buffer } {
    const plaintext = randomBytes(32);
    return { plaintext, wrapped: seal(this.master(keyId), plaintext, Buffer.from(keyId)) };
  }

  unwrap(keyId: string, wrapped: Buffer): Buffer {
    return open(this.master(keyId), wrapped, Buffer.from(keyId));
  }

  private master(keyId: string): Buffer {
    const k = this.masters.get(keyId);
    if (!k) throw new S3Error(400, 'KMS.NotFoundException', `Invalid keyId ${keyId}`);
    return k;
  }
}
