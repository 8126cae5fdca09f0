import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from '../crypto';

/**
 * Where stored bytes (ciphertext for SSE objects) live. Every write gets a new random id: an
 * overwrite never edits bytes a concurrent reader is using, file names never derive from object
 * keys (so a key like `../../etc/passwd` cannot escape dataDir), and ids are pinned while read so
 * a concurrent overwrite or delete frees them only after the reader is done.
 */
export interface BlobStore {
  put(data: Buffer): Promise<string>;
  get(id: string): Promise<Buffer>;
  /** Frees the blob now, or when its last reader unpins it. */
  release(id: string): void;
  pin(id: string): void;
  unpin(id: string): void;
  close(): Promise<void>;
}

abstract class PinningStore implements BlobStore {
  private readonly pins = new Map<string, number>();
  private readonly doomed = new Set<string>();

  abstract put(data: Buffer): Promise<string>;
  abstract get(id: string): Promise<Buffer>;
  protected abstract remove(id: string): Promise<void>;
  abstract close(): Promise<void>;

  pin(id: string): void {
    this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  unpin(id: string): void {
    const n = (this.pins.get(id) ?? 1) - 1;
    if (n > 0) return void this.pins.set(id, n);
    this.pins.delete(id);
    if (this.doomed.delete(id)) void this.remove(id).catch(() => undefined);
  }

  release(id: string): void {
    if (this.pins.has(id)) this.doomed.add(id);
    else void this.remove(id).catch(() => undefined);
  }
}

export class MemoryBlobStore extends PinningStore {
  private readonly blobs = new Map<string, Buffer>();

  async put(data: Buffer): Promise<string> {
    const id = randomBytes(16).toString('hex');
    this.blobs.set(id, Buffer.from(data));
    return id;
  }

  async get(id: string): Promise<Buffer> {
    const b = this.blobs.get(id);
    if (!b) throw new Error(`blob ${id} is gone`);
    return b;
  }

  protected async remove(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async close(): Promise<void> {
    this.blobs.clear();
  }
}

export class DiskBlobStore extends PinningStore {
  private ready: Promise<void>;

  constructor(private readonly dir: string) {
    super();
    this.ready = fs.mkdir(dir, { recursive: true }).then(() => undefined);
  }

  private file(id: string): string {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new Error('bad blob id');
    return path.join(this.dir, `${id}.blob`);
  }

  async put(data: Buffer): Promise<string> {
    await this.ready;
    const id = randomBytes(16).toString('hex');
    const tmp = path.join(this.dir, `${id}.tmp`);
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, this.file(id));
    return id;
  }

  async get(id: string): Promise<Buffer> {
    return fs.readFile(this.file(id));
  }

  protected async remove(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
  }
}
