import { GetObjectCommand } from '@aws-sdk/client-s3';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { REDACTED, Redactor } from '../redact/redact';
import { proxyCertificate } from '../reliability/fault-proxy';
import { createAgents } from '../transport/agents';
import { answerOf } from '../verdict/judge';
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

  test('an error code that quotes the key is parsed from the redacted text', () => {
    const a = answer(`<Error><Code>Invalid${KEY.toString('latin1')}</Code></Error>`);
    expect(a.kind === 'response' && a.errorCode).toBe(`Invalid${REDACTED}`);
  });

  test('a Location that quotes the key across its bound is redacted before it is cut', () => {
    const location = `https://h/${'y'.repeat(1006)}${KEY.toString('latin1')}`;
    const a = answer('', { location });
    expect(a.kind === 'response' && a.location).toMatch(/… \(1048 characters\)$/);
    expect(fragmentsIn(a.kind === 'response' ? a.location! : '')).toEqual([]);
  });
});

test('a trusted request answered with an error that quotes the key: the SDK parses the redacted document', async () => {
  const cert = await proxyCertificate();
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRequest</Code><Message>You sent: ${KEY.toString('latin1')}</Message><RequestId>R</RequestId></Error>`;
  const server = https.createServer(cert, (_req, res) => {
    res.writeHead(400, { 'content-type': 'application/xml' });
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
    const e = (await withCaseScope(scope, () => client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).catch((x: unknown) => x)) as Error & { Code?: string };
    expect(e.Code).toBe('InvalidRequest');
    // What a reason quotes: the SDK's message, redacted as judge.ts redacts it.
    expect(redactor.text(e.message)).toBe(`You sent: ${REDACTED}`);
    expect(fragmentsIn(JSON.stringify({ message: e.message, fields: { ...e }, evidence: scope.evidence }))).toEqual([]);
  } finally {
    client.destroy();
    agents.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
