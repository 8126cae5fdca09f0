import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Certificate {
  cert: string;
  key: string;
}

/**
 * Kept between runs beside the built CLI: making one means loading the certificate library
 * (~150 ms, on the path of every start) and making a key. Only ever served on loopback.
 */
export const CERTIFICATE_CACHE = path.resolve(__dirname, '../../node_modules/.cache/sse-conformance/reference-certificate.json');
/** Bumped whenever what generate() makes changes: an older file is made again. */
const CACHE_VERSION = 1;
/** A kept certificate this close to its end is made again. */
const MIN_LIFE_MS = 7 * 24 * 60 * 60 * 1000;

let cached: Promise<Certificate> | undefined;

/**
 * A self-signed certificate for 127.0.0.1 and localhost (CA:true so it can be trusted directly as
 * a CA file), shared by everything in the process and kept in CERTIFICATE_CACHE between runs.
 */
export function generateCertificate(): Promise<Certificate> {
  cached ??= keptOrMade(CERTIFICATE_CACHE).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/** The certificate kept in `file` when it is whole and not near its end; else a new one, kept there when it can be. */
export async function keptOrMade(file: string, now = Date.now()): Promise<Certificate> {
  const kept = readKept(file, now);
  if (kept) return kept;
  const made = await make(now);
  keep(file, made);
  return made;
}

/** A kept file is a few hundred bytes: anything much larger is not one. */
const MAX_FILE_BYTES = 64 * 1024;

function readKept(file: string, now: number): Certificate | null {
  try {
    // Only a file of this user's, that no one else can read or write: else someone else's key.
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_FILE_BYTES || (st.mode & 0o077) !== 0) return null;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return null;
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; cert?: unknown; key?: unknown };
    if (j.version !== CACHE_VERSION || typeof j.cert !== 'string' || typeof j.key !== 'string') return null;
    const x509 = new X509Certificate(j.cert);
    // A file cut short, or cert and key from two different writes, is not used; nor one for other names.
    if (!x509.checkPrivateKey(createPrivateKey(j.key))) return null;
    if (!x509.ca || x509.checkIP('127.0.0.1') === undefined || x509.checkHost('localhost') === undefined) return null;
    if (Date.parse(x509.validTo) - now < MIN_LIFE_MS || Date.parse(x509.validFrom) > now) return null;
    return { cert: j.cert, key: j.key };
  } catch {
    return null;
  }
}

/** Written whole (a rename) and readable by its owner only; a folder that cannot be written is no error. */
function keep(file: string, c: Certificate): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, ...c }), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // There was no folder to write it in.
    }
  }
}

/** An EC P-256 key (~50 ms to make, against ~150-190 ms for RSA 2048). keyEncipherment is kept: clients ignore it for EC keys. */
async function make(now: number): Promise<Certificate> {
  // Loaded only here: most starts use the kept certificate.
  const selfsigned = await import('selfsigned');
  const r = await selfsigned.generate([{ name: 'commonName', value: 'sse-conformance reference endpoint' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    notAfterDate: new Date(now + 365 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, { type: 2, value: '*.localhost' }] },
    ],
  });
  return { cert: r.cert, key: r.private };
}
