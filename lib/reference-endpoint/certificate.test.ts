import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keptOrMade } from './certificate';

// The reference endpoint's certificate is kept between runs; a kept one is used only when it is
// whole, its key is its own, and it is not near its end. Anything else is made again.

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-cert-'));
  file = path.join(dir, 'cache', 'reference-certificate.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('made when missing, kept readable by its owner only, then used again as it is', async () => {
  const first = await keptOrMade(file);
  expect(new X509Certificate(first.cert).checkHost('localhost')).toBe('localhost');
  expect(new X509Certificate(first.cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(await keptOrMade(file)).toEqual(first);
  expect(fs.readdirSync(path.dirname(file))).toEqual(['reference-certificate.json']); // no temporary file left
});

test('made again when the kept file is cut short, of another version, or its key is not the certificate’s', async () => {
  const first = await keptOrMade(file);
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const other = await keptOrMade(path.join(dir, 'other.json'));
  for (const bad of [
    JSON.stringify(kept).slice(0, 200),
    JSON.stringify({ ...kept, version: 0 }),
    JSON.stringify({ ...kept, key: other.key }),
    JSON.stringify({ ...kept, cert: 'not a certificate' }),
  ]) {
    fs.writeFileSync(file, bad);
    const again = await keptOrMade(file);
    expect(again.cert).not.toBe(first.cert);
    expect(new X509Certificate(again.cert).checkPrivateKey(createPrivateKey(again.key))).toBe(true);
    expect(await keptOrMade(file)).toEqual(again); // and that one is kept
  }
});

test('made again when the kept file is readable by others, not a plain file, or for other names', async () => {
  const first = await keptOrMade(file);
  fs.chmodSync(file, 0o644);
  const a = await keptOrMade(file);
  expect(a.cert).not.toBe(first.cert);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  // A link to a file that holds a good certificate is not followed.
  const target = path.join(dir, 'elsewhere.json');
  fs.copyFileSync(file, target);
  fs.chmodSync(target, 0o600);
  fs.rmSync(file);
  fs.symlinkSync(target, file);
  expect((await keptOrMade(file)).cert).not.toBe(a.cert);
  // Whole, its key its own, but for another name.
  const selfsigned = await import('selfsigned');
  const other = await selfsigned.generate([{ name: 'commonName', value: 'evil.example' }], { keyType: 'ec', curve: 'P-256', extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'evil.example' }] }] });
  fs.rmSync(file);
  fs.writeFileSync(file, JSON.stringify({ version: 1, cert: other.cert, key: other.private }), { mode: 0o600 });
  expect((await keptOrMade(file)).cert).not.toBe(other.cert);
});

test('made again when the kept one is within a week of its end', async () => {
  const first = await keptOrMade(file);
  const end = Date.parse(new X509Certificate(first.cert).validTo);
  expect(await keptOrMade(file, end - 8 * 24 * 3600 * 1000)).toEqual(first);
  const late = await keptOrMade(file, end - 6 * 24 * 3600 * 1000);
  expect(late.cert).not.toBe(first.cert);
});

test('a folder that cannot be written is no error: the certificate is made and not kept', async () => {
  const blocked = path.join(dir, 'a-file');
  fs.writeFileSync(blocked, '');
  const c = await keptOrMade(path.join(blocked, 'reference-certificate.json'));
  expect(c.cert).toMatch(/BEGIN CERTIFICATE/);
  expect(fs.readdirSync(dir)).toEqual(['a-file']);
});
