import vectors from './signing-vectors.json';
import { amzDates, credentialScope, hmacSha256Hex, sha256Hex, signingKeyV4 } from './v4-key';

describe('SigV4 key derivation', () => {
  it('derives the signing key of AWS\'s published example (secret with "+", iam, 20120215)', () => {
    expect(signingKeyV4('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex')).toBe(
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });

  it('formats dates without milliseconds, in UTC', () => {
    expect(amzDates(new Date('2015-12-29T00:00:00.789Z'))).toEqual({ longDate: '20151229T000000Z', shortDate: '20151229' });
    expect(credentialScope('20151229', 'us-east-1')).toBe('20151229/us-east-1/s3/aws4_request');
  });

  it('hashes the empty body to the well-known constant', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(Buffer.from(vectors.v4_header[0].bodyUtf8))).toBe(vectors.v4_header[0].headersOut['X-Amz-Content-SHA256']);
  });

  it('signs the v4_post_policy vector', () => {
    const v = vectors.v4_post_policy[0];
    const key = signingKeyV4(vectors.credentials.secretAccessKey, v.time.slice(0, 8), v.region, v.service);
    expect(hmacSha256Hex(key, v.fields.policy)).toBe(v.fields['x-amz-signature']);
  });
});
