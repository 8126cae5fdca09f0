import { multipartFormBody } from '../signing/form-data';
import { policySignatureV2, policySignatureV4 } from '../signing/post-policy';
import { amzDates, credentialScope } from '../signing/v4-key';
import type { Auth } from '../profile/types';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, customerKey, sseCHeaders } from './test-support/client';

let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  ep = await startReferenceEndpoint();
  client = new TestClient(ep);
});
afterAll(async () => {
  client.close();
  await ep.close();
});

/** A form with a hand-written policy (the harness builder only writes exact-match conditions). */
async function postWith(auth: Auth, conditions: unknown[], fields: Record<string, string>, file = Buffer.from('posted'), opts: { expiration?: Date; secret?: string; accessKeyId?: string } = {}) {
  const date = new Date();
  const form: Record<string, string> = { ...fields };
  const all = [...conditions];
  const d = amzDates(date);
  const accessKeyId = opts.accessKeyId ?? ep.accessKeyId;
  if (auth === 'v4') {
    const sig = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': `${accessKeyId}/${credentialScope(d.shortDate, ep.region)}`, 'x-amz-date': d.longDate };
    Object.assign(form, sig);
    for (const [k, v] of Object.entries(sig)) all.push({ [k]: v });
  }
  const expiration = (opts.expiration ?? new Date(date.getTime() + 3600_000)).toISOString();
  const policy = Buffer.from(JSON.stringify({ expiration, conditions: all })).toString('base64');
  const secret = opts.secret ?? ep.secretAccessKey;
  if (auth === 'v4') form['x-amz-signature'] = policySignatureV4(policy, secret, d.shortDate, ep.region);
  else Object.assign(form, { AWSAccessKeyId: accessKeyId, signature: policySignatureV2(policy, secret) });
  form.policy = policy;
  const { body, contentType } = multipartFormBody(form, file, 'photo.jpg');
  return client.raw('https', 'POST', `/${ep.bucket}`, { 'content-type': contentType, 'content-length': String(body.length) }, body);
}

const stored = (key: string) => ep.rawStoredBytes(ep.bucket, key);

describe.each(['v2', 'v4'] as const)('POST policy %s', (auth) => {
  const base = () => [{ bucket: ep.bucket }, ['starts-with', '$key', `post/${auth}/`]] as unknown[];

  test('a valid form is stored; ${filename} is substituted; 201 returns a PostResponse', async () => {
    const r = await postWith(auth, [...base(), { success_action_status: '201' }], { key: `post/${auth}/\${filename}`, success_action_status: '201' });
    expect(r.status).toBe(201);
    expect((r.xml?.PostResponse as { Key: string }).Key).toBe(`post/${auth}/photo.jpg`);
    expect((await stored(`post/${auth}/photo.jpg`))?.toString()).toBe('posted');
  });

  test('an expired policy is refused', async () => {
    const r = await postWith(auth, base(), { key: `post/${auth}/expired` }, undefined, { expiration: new Date(Date.now() - 1000) });
    expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
    expect(r.text).toContain('expired');
    expect(await stored(`post/${auth}/expired`)).toBeUndefined();
  });

  test('a starts-with condition that does not hold is refused', async () => {
    const r = await postWith(auth, base(), { key: `elsewhere/${auth}` });
    expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
    expect(await stored(`elsewhere/${auth}`)).toBeUndefined();
  });

  test('an exact condition that does not hold is refused (bucket, and a field)', async () => {
    const wrongBucket = await postWith(auth, [{ bucket: 'another-bucket' }, ['starts-with', '$key', '']], { key: `post/${auth}/b` });
    expect([wrongBucket.status, wrongBucket.code]).toEqual([403, 'AccessDenied']);
    const wrongType = await postWith(auth, [...base(), ['eq', '$Content-Type', 'image/png']], { key: `post/${auth}/t`, 'Content-Type': 'text/html' });
    expect([wrongType.status, wrongType.code]).toEqual([403, 'AccessDenied']);
  });

  test('content-length-range is enforced both ways', async () => {
    const big = await postWith(auth, [...base(), ['content-length-range', 1, 4]], { key: `post/${auth}/big` });
    expect([big.status, big.code]).toEqual([400, 'EntityTooLarge']);
    const small = await postWith(auth, [...base(), ['content-length-range', 100, 200]], { key: `post/${auth}/small` });
    expect([small.status, small.code]).toEqual([400, 'EntityTooSmall']);
    const fits = await postWith(auth, [...base(), ['content-length-range', 1, 6]], { key: `post/${auth}/fits` });
    expect(fits.status).toBe(204);
  });

  test('a field no condition covers is refused; x-ignore-* fields are exempt', async () => {
    const r = await postWith(auth, base(), { key: `post/${auth}/extra`, 'x-amz-meta-smuggled': 'yes' });
    expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
    expect(r.text).toContain('x-amz-meta-smuggled');
    const ignored = await postWith(auth, base(), { key: `post/${auth}/ignored`, 'x-ignore-anything': 'yes' });
    expect(ignored.status).toBe(204);
  });

  test('SSE-C key fields count as fields: uncovered they are refused, covered they encrypt', async () => {
    const k = customerKey();
    const uncovered = await postWith(auth, [...base(), { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }], { key: `post/${auth}/ssec-x`, ...sseCHeaders(k) });
    expect([uncovered.status, uncovered.code]).toEqual([403, 'AccessDenied']);
    const wrongKey = await postWith(auth, [...base(), { 'x-amz-server-side-encryption-customer-key': customerKey().b64 }], { key: `post/${auth}/ssec-w`, ...sseCHeaders(k) });
    expect([wrongKey.status, wrongKey.code]).toEqual([403, 'AccessDenied']);
    expect(wrongKey.text).not.toContain(k.b64);
    expect(wrongKey.text).toContain('&lt;redacted&gt;');
    const cond = Object.entries(sseCHeaders(k)).map(([f, v]) => ({ [f]: v }));
    const ok = await postWith(auth, [...base(), ...cond], { key: `post/${auth}/ssec`, ...sseCHeaders(k) });
    expect(ok.status).toBe(204);
    expect(ok.headers['x-amz-server-side-encryption-customer-key-md5']).toBe(k.md5);
    expect((await stored(`post/${auth}/ssec`))?.includes(Buffer.from('posted'))).toBe(false);
  });

  test('a wrong signature and an unknown key are refused', async () => {
    const bad = await postWith(auth, base(), { key: `post/${auth}/badsig` }, undefined, { secret: 'wrong' });
    expect([bad.status, bad.code]).toEqual([403, 'SignatureDoesNotMatch']);
    const unknown = await postWith(auth, base(), { key: `post/${auth}/unknown` }, undefined, { accessKeyId: 'AKIDUNKNOWN' });
    expect([unknown.status, unknown.code]).toEqual([403, 'InvalidAccessKeyId']);
  });
});

test('a form without a policy is anonymous and refused', async () => {
  const { body, contentType } = multipartFormBody({ key: 'post/anon' }, Buffer.from('x'));
  const r = await client.raw('https', 'POST', `/${ep.bucket}`, { 'content-type': contentType }, body);
  expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
});

test('a policy that is not base64 JSON, or has an unknown operator, is InvalidPolicyDocument', async () => {
  const { body, contentType } = multipartFormBody({ key: 'post/junk', AWSAccessKeyId: ep.accessKeyId, policy: 'bm90IGpzb24=', signature: policySignatureV2('bm90IGpzb24=', ep.secretAccessKey) }, Buffer.from('x'));
  const r = await client.raw('https', 'POST', `/${ep.bucket}`, { 'content-type': contentType }, body);
  expect([r.status, r.code]).toEqual([400, 'InvalidPolicyDocument']);
  const op = await postWith('v2', [['matches', '$key', '.*']], { key: 'post/op' });
  expect([op.status, op.code]).toEqual([400, 'InvalidPolicyDocument']);
});

test('SSE-KMS over POST V4 echoes aws:kms and the key id', async () => {
  const r = await client.post({ auth: 'v4', key: 'post/kms', fields: { 'x-amz-server-side-encryption': 'aws:kms' }, file: Buffer.from('kms posted') });
  expect(r.status).toBe(204);
  expect(r.headers['x-amz-server-side-encryption']).toBe('aws:kms');
  expect(r.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(ep.kmsKeyId);
});

test('a body that is not multipart is MalformedPOSTRequest', async () => {
  const r = await client.raw('https', 'POST', `/${ep.bucket}`, { 'content-type': 'multipart/form-data; boundary=xyz' }, Buffer.from('garbage without boundary'));
  expect(r.status).toBe(400);
  expect(['MalformedPOSTRequest', 'AccessDenied']).toContain(r.code);
  const noBoundary = await client.raw('https', 'POST', `/${ep.bucket}`, { 'content-type': 'multipart/form-data' }, Buffer.from('x'));
  expect([noBoundary.status, noBoundary.code]).toEqual([400, 'MalformedPOSTRequest']);
});
