import { REDACTED, Redactor } from './redact';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SSE_C_KEY = 'MzJieXRlc2xvbmdzZWNyZXRrZXltdXN0YmVnZW5lcmE='; // base64 with '=' (and '+', '/' below)
const SSE_C_KEY2 = 'a+b/c+d/e+f/g+h/i+j/k+l/m+n/o+p/q+r/s+t/u+v=';
const V4_SIG = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

describe('Redactor.text: registered secrets', () => {
  const r = new Redactor([SECRET_KEY, SSE_C_KEY2]);

  test('replaces every occurrence of a registered secret', () => {
    expect(r.text(`a ${SECRET_KEY} b ${SECRET_KEY}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  test('replaces the url-encoded forms too, upper- and lower-case hex', () => {
    const enc = encodeURIComponent(SSE_C_KEY2);
    expect(enc).toContain('%2B');
    expect(r.text(`k=${enc}&x=1`)).toBe(`k=${REDACTED}&x=1`);
    expect(r.text(`k=${enc.replace(/%2B/g, '%2b').replace(/%2F/g, '%2f').replace(/%3D/g, '%3d')}`)).toBe(`k=${REDACTED}`);
  });

  test('replaces a secret as URLSearchParams writes it into a query (+ for a space, !\'()~ escaped)', () => {
    const raw = Buffer.from("key with spaces!'()~ and \xff bytes \x01", 'latin1');
    const r2 = new Redactor();
    r2.addKey(raw);
    const q = new URLSearchParams({ uploadId: raw.toString('utf8') }).toString();
    expect(q).toContain('+with+');
    expect(r2.text(`https://h/b/k?${q}`)).toBe(`https://h/b/k?uploadId=${REDACTED}`);
  });

  test('a registered signature goes however it is framed, hex in any case; what was remembered before stays right', () => {
    const r2 = new Redactor();
    const before = r2.text(`sig ${V4_SIG.slice(0, 10)}`); // remembered (short)
    r2.addSignature(V4_SIG);
    r2.addSignature('kB9aW+Fx/1q2w3e4r5t6y7u8i9o=');
    expect(r2.text(`x${V4_SIG}0 and X${V4_SIG.toUpperCase()}Y`)).toBe(`x${REDACTED}0 and X${REDACTED}Y`);
    expect(r2.text('glued:xkB9aW+Fx/1q2w3e4r5t6y7u8i9o=0')).toBe(`glued:x${REDACTED}0`);
    expect(r2.text(`a=${encodeURIComponent('kB9aW+Fx/1q2w3e4r5t6y7u8i9o=')}`)).toBe(`a=${REDACTED}`);
    expect(r2.text(`sig ${V4_SIG.slice(0, 10)}`)).toBe(before);
  });

  test('add() registers a secret later; empty secrets are ignored', () => {
    const r2 = new Redactor();
    r2.add('');
    expect(r2.text('nothing secret here')).toBe('nothing secret here');
    r2.add('topsecret');
    expect(r2.text('x topsecret y')).toBe(`x ${REDACTED} y`);
  });

  test('a secret containing another is redacted whole', () => {
    const r2 = new Redactor(['abc', 'abcdef']);
    expect(r2.text('abcdef')).toBe(REDACTED);
  });

  test('regex metacharacters in a secret are taken literally', () => {
    const r2 = new Redactor(['a.c+(d)']);
    expect(r2.text('abc+(d) a.c+(d)')).toBe(`abc+(d) ${REDACTED}`);
  });
});

describe('Redactor.text: secret-bearing patterns without registered secrets', () => {
  const r = new Redactor();

  test('multipart/form-data: signature, x-amz-signature and SSE-C key fields; policy and -MD5 kept', () => {
    const body = [
      '--b',
      'Content-Disposition: form-data; name="key"',
      '',
      'obj.txt',
      '--b',
      'Content-Disposition: form-data; name="Policy"',
      '',
      'eyJleHBpcmF0aW9uIjoiMjAzMCJ9',
      '--b',
      'Content-Disposition: form-data; name="x-amz-signature"',
      '',
      V4_SIG,
      '--b',
      'Content-Disposition: form-data; name="Signature"',
      'Content-Type: text/plain',
      '',
      'dGhlIHYyIHNpZw==',
      '--b',
      'Content-Disposition: form-data; name="x-amz-server-side-encryption-customer-key"',
      '',
      SSE_C_KEY,
      '--b',
      'Content-Disposition: form-data; name="x-amz-server-side-encryption-customer-key-MD5"',
      '',
      'bWQ1bWQ1bWQ1bWQ1bWQ1bQ==',
      '--b--',
    ].join('\r\n');
    const out = r.text(body);
    expect(out).not.toContain(V4_SIG);
    expect(out).not.toContain('dGhlIHYyIHNpZw==');
    expect(out).not.toContain(SSE_C_KEY);
    expect(out).toContain('eyJleHBpcmF0aW9uIjoiMjAzMCJ9'); // policy is not secret
    expect(out).toContain('bWQ1bWQ1bWQ1bWQ1bWQ1bQ=='); // the MD5 is a digest
    expect(out).toContain('obj.txt');
    expect(out.split(REDACTED)).toHaveLength(4);
    expect(r.text(out)).toBe(out); // idempotent
  });

  test('header lines in a wire log or a string-to-sign: SSE-C keys and Authorization', () => {
    const log = [
      'PUT /b/k HTTP/1.1',
      `x-amz-server-side-encryption-customer-key: ${SSE_C_KEY}`,
      `x-amz-copy-source-server-side-encryption-customer-key:${SSE_C_KEY}`,
      'x-amz-server-side-encryption-customer-key-MD5: bWQ1',
      'Authorization: AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
      '',
    ].join('\n');
    const out = r.text(log);
    expect(out).not.toContain(SSE_C_KEY);
    expect(out).toContain(`x-amz-server-side-encryption-customer-key: ${REDACTED}`);
    expect(out).toContain(`x-amz-copy-source-server-side-encryption-customer-key:${REDACTED}`);
    expect(out).toContain('x-amz-server-side-encryption-customer-key-MD5: bWQ1');
    expect(out).toContain(`Authorization: AWS AKIDEXAMPLE:${REDACTED}`);
  });

  test('headers serialised as JSON', () => {
    const json = JSON.stringify({
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${V4_SIG}`,
      'x-amz-server-side-encryption-customer-key': SSE_C_KEY,
    });
    const out = r.text(json);
    expect(out).not.toContain(V4_SIG);
    expect(out).not.toContain(SSE_C_KEY);
    expect(out).toContain('Credential=AKID/20240101/us-east-1/s3/aws4_request');
    expect(JSON.parse(out)).toBeTruthy(); // still valid JSON
  });

  test('XML error documents: SignatureProvided and byte dumps', () => {
    const xml =
      '<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKID</AWSAccessKeyId>' +
      '<StringToSign>PUT\n\n\n</StringToSign><SignatureProvided>abc123=</SignatureProvided>' +
      '<StringToSignBytes>50 55 54 0a</StringToSignBytes><CanonicalRequestBytes>50 55</CanonicalRequestBytes></Error>';
    const out = r.text(xml);
    expect(out).toContain(`<SignatureProvided>${REDACTED}</SignatureProvided>`);
    expect(out).toContain(`<StringToSignBytes>${REDACTED}</StringToSignBytes>`);
    expect(out).toContain(`<CanonicalRequestBytes>${REDACTED}</CanonicalRequestBytes>`);
    expect(out).toContain('<AWSAccessKeyId>AKID</AWSAccessKeyId>');
    expect(out).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  test('signature query parameters inside text', () => {
    expect(r.text(`see https://h/b/k?X-Amz-Signature=${V4_SIG}&x=1 there`)).toBe(`see https://h/b/k?X-Amz-Signature=${REDACTED}&x=1 there`);
  });

  test('prose mentioning signatures is left alone', () => {
    const s = 'refused: Signature V2 is not allowed; SignedHeaders=host was fine';
    expect(r.text(s)).toBe(s);
  });
});

describe('Redactor.headers', () => {
  const r = new Redactor([SECRET_KEY]);

  test('V2 Authorization keeps scheme and access key id', () => {
    expect(r.headers({ Authorization: 'AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' })).toEqual({
      Authorization: `AWS AKIDEXAMPLE:${REDACTED}`,
    });
  });

  test('V4 Authorization keeps Credential and SignedHeaders', () => {
    const cred = 'Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date';
    expect(r.headers({ authorization: `AWS4-HMAC-SHA256 ${cred}, Signature=${V4_SIG}` })).toEqual({
      authorization: `AWS4-HMAC-SHA256 ${cred}, Signature=${REDACTED}`,
    });
  });

  test('other Authorization schemes keep only the scheme', () => {
    expect(r.headers({ authorization: 'Bearer abc.def' }).authorization).toBe(`Bearer ${REDACTED}`);
  });

  test('SSE-C key headers are redacted, the -MD5 headers are kept', () => {
    const out = r.headers({
      'x-amz-server-side-encryption-customer-key': SSE_C_KEY,
      'X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key': SSE_C_KEY,
      'x-amz-server-side-encryption-customer-key-MD5': 'bWQ1',
      'x-amz-copy-source-server-side-encryption-customer-key-md5': 'bWQ1',
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
    });
    expect(out).toEqual({
      'x-amz-server-side-encryption-customer-key': REDACTED,
      'X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key': REDACTED,
      'x-amz-server-side-encryption-customer-key-MD5': 'bWQ1',
      'x-amz-copy-source-server-side-encryption-customer-key-md5': 'bWQ1',
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
    });
  });

  test('session tokens are redacted', () => {
    expect(r.headers({ 'X-Amz-Security-Token': 'FQoGZXIvYXdzE' })['X-Amz-Security-Token']).toBe(REDACTED);
  });

  test('arrays are joined, undefined dropped, registered secrets redacted in any header', () => {
    expect(r.headers({ 'set-cookie': ['a=1', 'b=2'], 'x-none': undefined, 'x-echo': `k ${SECRET_KEY}` })).toEqual({
      'set-cookie': 'a=1, b=2',
      'x-echo': `k ${REDACTED}`,
    });
  });

  test('idempotent', () => {
    const once = r.headers({ Authorization: `AWS4-HMAC-SHA256 Credential=A/1/r/s3/aws4_request, SignedHeaders=host, Signature=${V4_SIG}` });
    expect(r.headers(once)).toEqual(once);
  });
});

describe('Redactor.url', () => {
  const r = new Redactor([SSE_C_KEY2]);

  test('V4 presigned: X-Amz-Signature redacted, X-Amz-Credential kept', () => {
    const u =
      'https://s3.example.com/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
      `&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=${V4_SIG}`;
    const out = r.url(u);
    expect(out).toContain('X-Amz-Credential=AKIDEXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request');
    expect(out).toContain(`X-Amz-Signature=${REDACTED}`);
    expect(out).not.toContain(V4_SIG);
  });

  test('V2 presigned: Signature redacted, AWSAccessKeyId and Expires kept', () => {
    const out = r.url('http://h/b/k?AWSAccessKeyId=AKID&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D');
    expect(out).toBe(`http://h/b/k?AWSAccessKeyId=AKID&Expires=1175139620&Signature=${REDACTED}`);
  });

  test('SSE-C key, token in the query, and registered secrets url-encoded in the path', () => {
    const out = r.url(
      `http://h/b/${encodeURIComponent(SSE_C_KEY2)}?x-amz-server-side-encryption-customer-key=abc&X-Amz-Security-Token=tok&partNumber=1`,
    );
    expect(out).toBe(
      `http://h/b/${REDACTED}?x-amz-server-side-encryption-customer-key=${REDACTED}&X-Amz-Security-Token=${REDACTED}&partNumber=1`,
    );
  });

  test('a URL with nothing secret is unchanged', () => {
    const u = 'https://h:9443/bucket/run-1/obj?uploadId=abc&partNumber=2';
    expect(r.url(u)).toBe(u);
  });
});

describe('Redactor.addKey: an SSE-C key in every encoding', () => {
  // Fixed bytes with a control character, a byte >= 0x80, '+' and '/' in base64, letters in hex.
  const raw = Buffer.from('fb0f3e41a9d2c87700ff1b5cc8e3a4d2907e6f1a2b3c4d5e6f708192a3b4c5d6', 'hex');
  const md5 = 'Dy3mfDm1NBeNh0q7cG6jcg==';
  const r = new Redactor();
  r.addKey(raw);
  const b64 = raw.toString('base64');
  const hex = raw.toString('hex');
  const forms: Record<string, string> = {
    base64: b64,
    'base64 unpadded': b64.replace(/=+$/, ''),
    'base64 url-encoded': encodeURIComponent(b64),
    'base64 url-encoded, lower-case escapes': encodeURIComponent(b64).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'base64 JSON-escaped slashes': b64.replace(/\//g, '\\/'),
    base64url: raw.toString('base64url'),
    'base64url padded': `${raw.toString('base64url')}=`,
    'hex lower': hex,
    'hex upper': hex.toUpperCase(),
    'hex mixed': [...hex].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''),
    'raw (latin1, as a header value)': raw.toString('latin1'),
    'raw (decoded as UTF-8)': raw.toString('utf8'),
    'raw percent-encoded': [...raw].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    'raw percent-encoded, upper': [...raw].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
    'raw via encodeURIComponent(latin1)': encodeURIComponent(raw.toString('latin1')),
  };

  test.each(Object.entries(forms))('%s', (_name, form) => {
    expect(b64).toMatch(/[+/]/); // the fixed key exercises the characters that differ between encodings
    const out = r.text(`<Error><Message>echo ${form} end</Message></Error>`);
    expect(out).toBe(`<Error><Message>echo ${REDACTED} end</Message></Error>`);
    expect(r.headers({ 'x-echo': `k=${form}` })['x-echo']).toBe(`k=${REDACTED}`);
    expect(r.text(out)).toBe(out);
  });

  test('the key MD5 and the access key id stay', () => {
    const s = `x-amz-server-side-encryption-customer-key-MD5: ${md5} <AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>`;
    expect(r.text(s)).toBe(s);
  });

  test('addKeyB64 takes the key as the engine holds it', () => {
    const r2 = new Redactor();
    r2.addKeyB64(b64);
    expect(r2.text(`${hex.toUpperCase()} ${raw.toString('base64url')}`)).toBe(`${REDACTED} ${REDACTED}`);
  });

  test('several keys, one redactor', () => {
    const r2 = new Redactor();
    const other = Buffer.alloc(32, 7);
    r2.addKey(raw);
    r2.addKey(other);
    expect(r2.text(`${b64} ${other.toString('hex')}`)).toBe(`${REDACTED} ${REDACTED}`);
  });
});

describe('Redactor.addSecretKey: the secret access key in every encoding', () => {
  const r = new Redactor();
  r.addSecretKey(SECRET_KEY);
  const b = Buffer.from(SECRET_KEY);
  const forms: Record<string, string> = {
    itself: SECRET_KEY,
    'url-encoded': encodeURIComponent(SECRET_KEY),
    'url-encoded, lower-case escapes': encodeURIComponent(SECRET_KEY).replace(/%2F/g, '%2f'),
    'JSON-escaped slashes': SECRET_KEY.replace(/\//g, '\\/'),
    base64: b.toString('base64'),
    'base64 url-encoded': encodeURIComponent(b.toString('base64')),
    base64url: b.toString('base64url'),
    hex: b.toString('hex'),
  };
  test.each(Object.entries(forms))('%s', (_name, form) => {
    expect(r.text(`[${form}]`)).toBe(`[${REDACTED}]`);
  });
});

describe('signatures anywhere, without registered secrets', () => {
  const r = new Redactor();
  const V2 = 'frJIUN8DYpKDtOLCwo//yllqDzg=';

  test.each([
    ['in an error message', `<Message>bad request AWS AKIAIOSFODNN7EXAMPLE:${V2} here</Message>`, `<Message>bad request AWS AKIAIOSFODNN7EXAMPLE:${REDACTED} here</Message>`],
    ['url-encoded', `AWS AKID:${encodeURIComponent(V2)}&x=1`, `AWS AKID:${REDACTED}&x=1`],
    ['in JSON', JSON.stringify({ auth: `AWS AKID:${V2}` }), JSON.stringify({ auth: `AWS AKID:${REDACTED}` })],
  ])('V2 `AWS id:signature` %s', (_n, input, want) => {
    expect(r.text(input)).toBe(want);
    expect(r.text(want)).toBe(want);
  });

  test.each([
    ['no space after the comma', `AWS4-HMAC-SHA256 Credential=A/1/r/s3/aws4_request,SignedHeaders=host,Signature=${V4_SIG}`],
    ['in XML', `<Message>Signature=${V4_SIG}</Message>`],
    ['as a JSON field', `{"X-Amz-Signature":"${V4_SIG}"}`],
    ['after a colon', `signature: ${V4_SIG}`],
    ['url-encoded separator', `X-Amz-Signature%3D${V4_SIG}`],
    ['in parentheses', `(Signature=${V4_SIG})`],
    ['upper-case hex', `Signature=${V4_SIG.toUpperCase()}`],
    ['chunk signature', `chunk-signature=${V4_SIG}`],
  ])('V4 signature %s', (_n, input) => {
    const out = r.text(input);
    expect(out).not.toContain(V4_SIG);
    expect(out).not.toContain(V4_SIG.toUpperCase());
    expect(out).toContain(REDACTED);
    expect(r.text(out)).toBe(out);
  });

  test('a POST form echoed in one line (line breaks turned into spaces), and JSON-escaped', () => {
    const flat =
      `--b Content-Disposition: form-data; name="x-amz-signature"    ${V4_SIG} --b Content-Disposition: form-data; name="Signature" Content-Type: text/plain  ${V2} ` +
      `--b Content-Disposition: form-data; name="x-amz-server-side-encryption-customer-key"  c2VjcmV0c2VjcmV0c2VjcmV0 --b Content-Disposition: form-data; name="policy"  eyJleHBpcmF0aW9uIjoiMjAzMCJ9 --b--`;
    const out = r.text(flat);
    for (const secret of [V4_SIG, V2, 'c2VjcmV0c2VjcmV0c2VjcmV0']) expect(out).not.toContain(secret);
    expect(out).toContain('eyJleHBpcmF0aW9uIjoiMjAzMCJ9');
    expect(r.text(out)).toBe(out);
    expect(r.text(JSON.stringify(flat))).not.toContain(V4_SIG);
  });

  test('an echoed Authorization, SSE-C key or token under a header name of the endpoint', () => {
    const out = r.headers({
      'x-echo-authorization': `AWS AKID:${V2}`,
      'x-echo-x-amz-server-side-encryption-customer-key': 'c2VjcmV0',
      'x-echo-x-amz-server-side-encryption-customer-key-md5': 'bWQ1',
      'x-echo-x-amz-security-token': 'tok',
    });
    expect(out).toEqual({
      'x-echo-authorization': `AWS AKID:${REDACTED}`,
      'x-echo-x-amz-server-side-encryption-customer-key': REDACTED,
      'x-echo-x-amz-server-side-encryption-customer-key-md5': 'bWQ1',
      'x-echo-x-amz-security-token': REDACTED,
    });
    expect(r.text(`x-echo-x-amz-server-side-encryption-customer-key: c2VjcmV0\n`)).toBe(`x-echo-x-amz-server-side-encryption-customer-key: ${REDACTED}\n`);
  });

  test('a registered secret in a header name', () => {
    const r2 = new Redactor();
    r2.addSecretKey(SECRET_KEY);
    expect(r2.headers({ [`x-${SECRET_KEY}`]: 'v' })).toEqual({ [`x-${REDACTED}`]: 'v' });
  });

  test('what is not a signature stays: prose, Credential, SignedHeaders, a 64-hex content hash', () => {
    const s =
      'refused: AWS Signature V2 is not allowed. Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date ' +
      `x-amz-content-sha256: ${V4_SIG} AWS AKID:short`;
    expect(r.text(s)).toBe(s);
  });
});

test('a text redacted before a secret was registered is redacted again after (nothing remembered stays stale)', () => {
  const r = new Redactor();
  const key = Buffer.alloc(32, 7);
  const header = `x-echo: ${key.toString('base64')}`;
  expect(r.text(header)).toBe(header); // nothing registered yet: as it is (and remembered)
  r.addKey(key);
  expect(r.text(header)).toBe('x-echo: [REDACTED]');
  expect(r.headers({ 'x-echo': key.toString('hex') })).toEqual({ 'x-echo': '[REDACTED]' });
});
