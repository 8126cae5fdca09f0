import * as selfsigned from 'selfsigned';

let cached: Promise<{ cert: string; key: string }> | undefined;

/**
 * A self-signed certificate for 127.0.0.1 and localhost (CA:true so it can be trusted directly as
 * a CA file). An EC P-256 key (~50 ms to make, against ~150-190 ms for RSA 2048, on every start);
 * made once per process and shared. keyEncipherment is kept: clients ignore it for EC keys.
 */
export function generateCertificate(): Promise<{ cert: string; key: string }> {
  cached ??= selfsigned
    .generate([{ name: 'commonName', value: 'sse-conformance reference endpoint' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - 60 * 60 * 1000),
      notAfterDate: new Date(Date.now() + 365 * 24 * 60 * 60 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, { type: 2, value: '*.localhost' }] },
      ],
    })
    .then((r) => ({ cert: r.cert, key: r.private }))
    .catch((e) => {
      cached = undefined;
      throw e;
    });
  return cached;
}
