import * as fs from 'node:fs';
import { ConfigError } from './settings';

/**
 * Reads a small settings-like file named by `name` (a setting or a flag), or throws one line naming it.
 * A folder, a device or FIFO (which would block or never end), an unreadable or oversized file are refused.
 */
export function readSmallFile(name: string, file: string, maxBytes = 1024 * 1024): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`${name}: ${file} does not exist`);
    throw new ConfigError(`${name}: cannot read ${file} (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new ConfigError(`${name}: ${file} is a folder, not a file`);
  if (!st.isFile()) throw new ConfigError(`${name}: ${file} is not a regular file`);
  if (st.size > maxBytes) throw new ConfigError(`${name}: ${file} is larger than ${maxBytes} bytes`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // Bounded read: a file that grows (or a /proc file that reports size 0) cannot make this unbounded.
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new ConfigError(`${name}: ${file} is larger than ${maxBytes} bytes`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${name}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A CA bundle: a readable file holding at least one PEM certificate. Returns the file. */
export function checkPemFile(name: string, file: string): string {
  const text = readSmallFile(name, file, 16 * 1024 * 1024).toString('latin1');
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) {
    throw new ConfigError(`${name}: ${file} is not a PEM certificate file (no -----BEGIN CERTIFICATE----- block)`);
  }
  return file;
}
