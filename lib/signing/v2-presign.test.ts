import vectors from './signing-vectors.json';
import { hmacSha1Base64 } from './v2';
import { presignV2 } from './v2-presign';

const creds = vectors.credentials;

describe('presignV2', () => {
  it("reproduces AWS's query-string authentication example (virtual-hosted johnsmith, Expires 1175139620)", () => {
    // Not in signing-vectors.json: AWS REST authentication docs; also pinned in many public V2 test suites.
    const url = presignV2('GET', new URL('https://johnsmith.s3.amazonaws.com/photos/puppy.jpg'), '/johnsmith/photos/puppy.jpg', creds, 1175139620);
    expect(url.href).toBe(
      'https://johnsmith.s3.amazonaws.com/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D',
    );
  });

  it('signs METHOD, empty MD5/type, Expires in the date slot, resource', () => {
    const url = presignV2('GET', new URL('https://s3.example.test/johnsmith/photos/puppy.jpg'), '/johnsmith/photos/puppy.jpg', creds, 1175139620);
    const expected = hmacSha1Base64(creds.secretAccessKey, 'GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg');
    expect(url.searchParams.get('AWSAccessKeyId')).toBe(creds.accessKeyId);
    expect(url.searchParams.get('Expires')).toBe('1175139620');
    expect(url.searchParams.get('Signature')).toBe(expected);
    // base64 "+", "/" and "=" must be percent-encoded on the wire.
    expect(url.search).toContain(`Signature=${encodeURIComponent(expected)}`);
  });

  it('keeps the existing query as it was and signs subresources and x-amz headers', () => {
    const url = presignV2(
      'PUT',
      new URL('http://127.0.0.1:9000/b/big?partNumber=2&uploadId=a%2Bb'),
      '/b/big?partNumber=2&uploadId=a%2Bb',
      creds,
      1700000000,
      { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
    );
    expect(url.search.startsWith('?partNumber=2&uploadId=a%2Bb&AWSAccessKeyId=')).toBe(true);
    const sts = 'PUT\n\n\n1700000000\nx-amz-server-side-encryption-customer-algorithm:AES256\n/b/big?partNumber=2&uploadId=a+b';
    expect(url.searchParams.get('Signature')).toBe(hmacSha1Base64(creds.secretAccessKey, sts));
  });

  it('does not modify the input URL', () => {
    const input = new URL('http://h/b/k');
    presignV2('GET', input, '/b/k', creds, 1);
    expect(input.href).toBe('http://h/b/k');
  });
});
