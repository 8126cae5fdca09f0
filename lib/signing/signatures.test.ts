import { multipartFormBody } from './form-data';
import { signaturesOf } from './signatures';

// The signatures a request under test carries are registered with the redactor as it is signed:
// this finds them in every place the harness's signer puts one.

const V4 = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

test('V2 and V4 Authorization headers, whatever the header name’s case', () => {
  expect(signaturesOf({ Authorization: 'AWS AKID:kB9aW+Fx/1q2w3e4r5t6y7u8i9o=' })).toEqual(['kB9aW+Fx/1q2w3e4r5t6y7u8i9o=']);
  expect(signaturesOf({ authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${V4}` })).toEqual([V4]);
  expect(signaturesOf({ 'content-type': 'text/plain' })).toEqual([]);
});

test('a POST policy’s signature field, V2 or V4', () => {
  for (const name of ['signature', 'x-amz-signature']) {
    const form = multipartFormBody({ key: 'k', policy: 'cG9saWN5', [name]: 'c2lnbmF0dXJlLW9mLXRoZS1wb2xpY3k=' }, Buffer.from('data'));
    expect(signaturesOf({ 'content-type': form.contentType }, form.body)).toEqual(['c2lnbmF0dXJlLW9mLXRoZS1wb2xpY3k=']);
  }
});
