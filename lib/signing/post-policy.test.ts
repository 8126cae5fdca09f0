import vectors from './signing-vectors.json';
import { buildPostPolicyFields, policySignatureV2, policySignatureV4 } from './post-policy';

const creds = vectors.credentials;
const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));

describe('policy signatures against botocore', () => {
  it.each(vectors.v2_post_policy.map((v, i) => [i, v] as const))('v2_post_policy[%i]', (_i, v) => {
    expect(Buffer.from(v.policyJson, 'utf8').toString('base64')).toBe(v.policyBase64);
    expect(policySignatureV2(v.policyBase64, creds.secretAccessKey)).toBe(v.signature);
  });

  it.each(vectors.v4_post_policy.map((v, i) => [i, v] as const))('v4_post_policy[%i]', (_i, v) => {
    expect(policySignatureV4(v.fields.policy, creds.secretAccessKey, v.time.slice(0, 8), v.region)).toBe(v.fields['x-amz-signature']);
    // The policy covers the three x-amz signing fields with the values sent in the form.
    const conditions = decode(v.fields.policy).conditions as Record<string, string>[];
    for (const f of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date'] as const) expect(conditions).toContainEqual({ [f]: v.fields[f] });
  });
});

describe('buildPostPolicyFields', () => {
  const date = new Date('2015-12-29T00:00:00Z');
  const sse = { 'x-amz-server-side-encryption': 'aws:kms', 'Content-Type': 'text/plain' };

  it('v4: fields, exact conditions, signature over the policy as sent', () => {
    const f = buildPostPolicyFields({ bucket: 'examplebucket', key: 'uploads/a.txt', auth: 'v4', creds, region: 'us-east-1', date, expiresInSec: 60, fields: sse, contentLengthRange: [0, 1048576] });
    expect(Object.keys(f)).toEqual(['key', 'x-amz-server-side-encryption', 'Content-Type', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'policy', 'x-amz-signature']);
    expect(f['x-amz-credential']).toBe(vectors.v4_post_policy[0].fields['x-amz-credential']);
    expect(f['x-amz-date']).toBe('20151229T000000Z');
    expect(decode(f.policy)).toEqual({
      expiration: '2015-12-29T00:01:00.000Z',
      conditions: [
        { bucket: 'examplebucket' },
        { key: 'uploads/a.txt' },
        { 'x-amz-server-side-encryption': 'aws:kms' },
        { 'Content-Type': 'text/plain' },
        ['content-length-range', 0, 1048576],
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-credential': f['x-amz-credential'] },
        { 'x-amz-date': '20151229T000000Z' },
      ],
    });
    expect(f['x-amz-signature']).toBe(policySignatureV4(f.policy, creds.secretAccessKey, '20151229', 'us-east-1'));
  });

  it('v2: AWSAccessKeyId, policy, signature; default expiry one hour', () => {
    const f = buildPostPolicyFields({ bucket: 'b', key: 'k', auth: 'v2', creds, region: 'us-east-1', date, fields: sse });
    expect(Object.keys(f)).toEqual(['key', 'x-amz-server-side-encryption', 'Content-Type', 'AWSAccessKeyId', 'policy', 'signature']);
    expect(f.AWSAccessKeyId).toBe(creds.accessKeyId);
    expect(decode(f.policy).expiration).toBe('2015-12-29T01:00:00.000Z');
    expect(decode(f.policy).conditions).toHaveLength(4);
    expect(f.signature).toBe(policySignatureV2(f.policy, creds.secretAccessKey));
  });

  it('refuses extra fields that collide with the ones it sets', () => {
    expect(() => buildPostPolicyFields({ bucket: 'b', key: 'k', auth: 'v2', creds, region: 'r', fields: { Policy: 'x' } })).toThrow(/Policy/);
  });
});

test('an SSE-C key form field is covered by the policy without being written into it', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const fields = buildPostPolicyFields({
    bucket: 'b1',
    key: 'k',
    auth: 'v4',
    creds: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    region: 'us-east-1',
    fields: { 'x-amz-server-side-encryption-customer-key': key, 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
  });
  const policy = Buffer.from(fields.policy, 'base64').toString('utf8');
  expect(policy).not.toContain(key);
  expect(JSON.parse(policy).conditions).toContainEqual(['starts-with', '$x-amz-server-side-encryption-customer-key', '']);
  expect(fields['x-amz-server-side-encryption-customer-key']).toBe(key);
});
