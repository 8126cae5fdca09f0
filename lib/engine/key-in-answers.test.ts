import { CopyObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as vm from 'node:vm';
import { REDACTED, Redactor } from '../redact/redact';
import { proxyCertificate } from '../reliability/fault-proxy';
import { createAgents } from '../transport/agents';
import { failureText } from './trusted-ops';
import { answerOf } from '../verdict/judge';
import type { Answer } from '../verdict/rules';
import { bodyExcerpt } from './act';
import { withCaseScope, type CaseScope } from './case-scope';
import type { EngineContext } from './context';
import { createTrustedClient } from './trusted-client';

// An endpoint may quote an SSE-C key back in any answer. The harness redacts every text before it
// cuts it or parses it: a cut, or an XML parser's rewrite ('<' ends a text, CR becomes LF, entities
// are decoded), would leave part of the key that no registered form of it matches any more.

// 32 bytes, all printable (so a body holding them is not summarised as binary), with what a parser
// rewrites between five-character words: a fragment of the key shows as one of these words.
const WORDS = ['Qx7Lm', 'Vb2Np', 'Tz8Kw', 'Hy6Jr', 'Fd1Gs0Z'];
const KEY = Buffer.from(`${WORDS[0]}<${WORDS[1]}\r\n${WORDS[2]}&${WORDS[3]}\r${WORDS[4]}`, 'latin1');
const SIG = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

function redactorWithKey(): Redactor {
  const r = new Redactor();
  r.addKey(KEY);
  return r;
}

/** The words of the key (and 16-digit runs of the signature) found in a text. */
function fragmentsIn(text: string): string[] {
  return [...WORDS, SIG.slice(0, 16), SIG.slice(24, 40), SIG.slice(-16)].filter((w) => text.includes(w));
}

test('the key is 32 bytes, and a body that holds it is text, not binary data', () => {
  expect(KEY.length).toBe(32);
  expect(bodyExcerpt(Buffer.from(`<Error>${KEY.toString('latin1')}</Error>`, 'latin1'), redactorWithKey())).toBe(`<Error>${REDACTED}</Error>`);
});

describe('a body excerpt is redacted before it is cut', () => {
  const r = redactorWithKey();

  test('a key across the cut goes whole, and the excerpt says it was cut', () => {
    // The key's first 8 bytes before the 2048th, the rest after it.
    const body = Buffer.concat([Buffer.from(`<Error><Message>${'x'.repeat(2040 - 16)}`), KEY, Buffer.from(`</Message>${'y'.repeat(500)}</Error>`)]);
    const out = bodyExcerpt(body, r)!;
    expect(fragmentsIn(out)).toEqual([]);
    expect(out).toMatch(new RegExp(`\\[REDACTE… \\(${body.length} bytes\\)$`));
  });

  test('a V4 signature across the cut goes whole', () => {
    // 40 of its 64 digits before the cut.
    const body = Buffer.from(`<Error><Message>${'x'.repeat(2048 - 40 - 16 - 'Signature='.length)}Signature=${SIG}</Message></Error>`);
    expect(fragmentsIn(bodyExcerpt(body, r)!)).toEqual([]);
  });

  test('a key just past the first window still goes whole when what precedes the cut redacts much shorter', () => {
    // A byte dump of ~2,000 characters redacts to ten; the window then grows until, redacted, it
    // still reaches past the cut. (Without that, the key's first 40 characters slid before the cut.)
    const b64 = KEY.toString('base64');
    const head = `<Error><Code>SignatureDoesNotMatch</Code><StringToSignBytes>${'41 '.repeat(660)}</StringToSignBytes><Message>`;
    const firstWindow = 2048 + 1024 + 96; // the cut, the patterns' reach, the longest registered form
    const body = Buffer.from(`${head}${'y'.repeat(firstWindow - 40 - head.length)}${b64}${'z'.repeat(4000)}</Message></Error>`);
    const out = bodyExcerpt(body, r)!;
    expect(out).toContain(REDACTED);
    for (let i = 0; i + 12 <= b64.length; i++) expect(out).not.toContain(b64.slice(i, i + 12));
  });

  test('raw key bytes are redacted before the body is decoded: a lead byte before them cannot hide them', () => {
    // 0xA7 continues the 0xC5 before it: decoded as UTF-8 the two are one character, and the key's
    // UTF-8 form is gone from the text; its bytes are still there.
    const key = Buffer.concat([Buffer.from([0xa7]), Buffer.from('Qx7LmVb2NpTz8KwHy6JrFd1Gs0Z9aBc', 'latin1')]);
    const r2 = new Redactor();
    r2.addKey(key);
    const body = Buffer.concat([Buffer.from('<Error><Code>Bad'), Buffer.from([0xc5]), key, Buffer.from('</Code><Message>'), Buffer.from([0xc5]), key, Buffer.from('</Message></Error>')]);
    expect(bodyExcerpt(body, r2)).not.toContain('Vb2NpTz8');
    const a = answerOf({ redactor: r2 } as EngineContext, { kind: 'response', response: { status: 400, statusText: '', headers: {}, body, durationMs: 1 } }, []);
    // The rules read the code as it came; a code S3 could not send is never quoted.
    expect(a.kind === 'response' && a.errorCode).toBe('an unreadable error code');
  });

  test('a byte dump of what was signed, cut before its end, is redacted to the cut', () => {
    const dump = Buffer.from(`AWS4-HMAC-SHA256 ${SIG}`).toString('hex').replace(/(..)/g, '$1 ').repeat(20);
    const body = Buffer.from(`<Error><Code>SignatureDoesNotMatch</Code><StringToSignBytes>${dump}</StringToSignBytes></Error>`);
    const out = bodyExcerpt(body, r)!;
    expect(out).toContain(`<StringToSignBytes>${REDACTED}`);
    expect(out).not.toContain(dump.slice(0, 48));
  });
});

describe('what the verdict quotes from an answer to the request under test', () => {
  const ctx = { redactor: redactorWithKey() } as EngineContext;
  const answer = (body: string, headers: Record<string, string> = {}) =>
    answerOf(ctx, { kind: 'response', response: { status: 400, statusText: 'Bad Request', headers, body: Buffer.from(body, 'latin1'), durationMs: 1 } }, []);

  test('an error code that quotes the key is never quoted', () => {
    // The rules read the answer as it came (a redacted code would change how it reads); a code with
    // characters S3 never puts in one is not a code to quote (here the key's '<' ends the document too).
    const a = answer(`<Error><Code>Invalid${KEY.toString('latin1')}</Code></Error>`);
    expect(fragmentsIn(JSON.stringify(a))).toEqual([]);
    const b = answer(`<Error><Code>Invalid${KEY.toString('base64')}</Code></Error>`);
    expect(b.kind === 'response' && b.errorCode).toBe('an unreadable error code');
  });

  test('a Location that quotes the key across its bound is redacted before it is cut', () => {
    const location = `https://h/${'y'.repeat(1006)}${KEY.toString('latin1')}`;
    const a = answer('', { location });
    expect(a.kind === 'response' && a.location).toMatch(/… \(1048 characters\)$/);
    expect(fragmentsIn(a.kind === 'response' ? a.location! : '')).toEqual([]);
  });
});

test('a trusted request answered with an error that quotes the key: the reason quotes status and code, the evidence a redacted excerpt', async () => {
  const cert = await proxyCertificate();
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRequest</Code><Message>You sent: ${KEY.toString('latin1')}</Message><RequestId>R</RequestId></Error>`;
  // A copy may answer 200 with an error document: the SDK parses that one too.
  const server = https.createServer(cert, (req, res) => {
    res.writeHead(req.headers['x-amz-copy-source'] ? 200 : 400, { 'content-type': 'application/xml' });
    res.end(Buffer.from(doc, 'latin1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agents = createAgents({ insecure: true });
  const redactor = redactorWithKey();
  const target = { embedded: false, http: url, https: url, region: 'us-east-1', accessKeyId: 'AKID', secretAccessKey: 'secret-key-0123456789', bucket: 'b', forcePathStyle: true, tlsInsecure: true };
  const client = createTrustedClient(target, agents, 5000, redactor);
  const scope: CaseScope = { requests: 0, evidence: [] };
  try {
    for (const command of [new GetObjectCommand({ Bucket: 'b', Key: 'k' }), new CopyObjectCommand({ Bucket: 'b', Key: 'k', CopySource: 'b/src' })]) {
      const e = (await withCaseScope(scope, () => client.send(command as GetObjectCommand)).catch((x: unknown) => x)) as Error & { Code?: string };
      expect(e).toBeInstanceOf(Error);
      // What a reason quotes: status and code, never the endpoint's message as the SDK rewrote it.
      expect(failureText(e)).toMatch(/^\d{3}\b/);
      // The SDK parsed the answer as it came (ids it parses are sent back); the evidence holds it redacted.
      const excerpt = scope.evidence.at(-1)?.response?.bodyExcerpt ?? '';
      expect(excerpt).toContain(`You sent: ${REDACTED}`);
      expect(fragmentsIn(JSON.stringify({ reason: failureText(e), evidence: scope.evidence }))).toEqual([]);
    }
  } finally {
    client.destroy();
    agents.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a hostile body built to make the secret-shaped patterns backtrack is redacted in one pass', () => {
  // Each `name="signature"` could start a flattened form field whose value never comes: unbounded
  // repeats made this quadratic (this body took 48 s, during which nothing else ran). Bounded, linear.
  const r = redactorWithKey();
  const body = Buffer.from(`<Error><Code>AccessDenied</Code><Message>name="signature"${' a:name="signature"'.repeat(32_000)}</Message></Error>`);
  expect(body.length).toBeGreaterThan(600_000);
  const ctx = { redactor: r } as EngineContext;
  // Not a measure of speed but a guard against a hang (one pass takes about a second here): the
  // work runs under vm's timeout, which stops even a regular expression in the middle of its search.
  const judged = vm.runInNewContext('judge()', { judge: () => [answerOf(ctx, { kind: 'response', response: { status: 403, statusText: '', headers: {}, body, durationMs: 1 } }, []), bodyExcerpt(body, r)] }, { timeout: 15_000 }) as [Answer, string];
  expect(judged[0].kind === 'response' && judged[0].errorCode).toBe('AccessDenied');
  expect(judged[1]).toMatch(/… \(\d+ bytes\)$/);
});
