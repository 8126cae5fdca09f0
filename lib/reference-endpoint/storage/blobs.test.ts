import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from './blobs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-blobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['memory', () => new MemoryBlobStore()],
  ['disk', () => new DiskBlobStore(path.join(dir, String(Math.random())))],
] as [string, () => BlobStore][])('%s', (_name, make) => {
  test('put/get round-trips, ids are fresh', async () => {
    const s = make();
    const a = await s.put(Buffer.from('x'));
    const b = await s.put(Buffer.from('x'));
    expect(a).not.toBe(b);
    expect((await s.get(a)).toString()).toBe('x');
  });

  test('a pinned blob survives release until unpinned', async () => {
    const s = make();
    const id = await s.put(Buffer.from('pinned'));
    s.pin(id);
    s.release(id);
    await new Promise((r) => setTimeout(r, 10));
    expect((await s.get(id)).toString()).toBe('pinned');
    s.unpin(id);
    // The release is asynchronous (a file delete on disk): wait for it, boundedly, on a busy machine.
    let gone = false;
    for (let i = 0; i < 200 && !gone; i++) {
      gone = await s.get(id).then(() => false, () => true);
      if (!gone) await new Promise((r) => setTimeout(r, 10));
    }
    expect(gone).toBe(true);
  });
});

test('disk ids are validated before touching the file system', async () => {
  const s = new DiskBlobStore(path.join(dir, 'v'));
  await expect(s.get('../../etc/passwd')).rejects.toThrow(/bad blob id/);
  // Its folder is made in the background: waited for, or afterAll's removal can race it (ENOTEMPTY).
  await s.close();
});
