// The rules read an answer as the endpoint sent it; only what is recorded is redacted. A secret
// key whose text is part of an error code or a Location must not change how the answer reads.
import type { EngineContext } from '../engine/context';
import { Redactor } from '../redact/redact';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { answerOf } from './judge';
import { decide } from './rules';

const ctxWith = (secret: string) => ({ redactor: new Redactor([secret]) }) as unknown as EngineContext;
const answer = (status: number, body: string, headers: Record<string, string> = {}) => ({
  kind: 'response' as const,
  response: { status, statusText: '', headers, body: Buffer.from(body), durationMs: 1 },
});
const rejectCell = expandProfile(loadProfile('obs')).find((c) => c.id === 'sse-kms/put-object/http-v4')!;
const acceptCell = expandProfile(loadProfile('obs')).find((c) => c.id === 'sse-kms/put-object/https-v4')!;

test.each(['Signature', 'Does', 'S', 'Match'])('secret key %p: SignatureDoesNotMatch is still an authentication failure', (secret) => {
  const a = answerOf(ctxWith(secret), answer(403, '<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>'), []);
  expect(a).toMatchObject({ errorCode: 'SignatureDoesNotMatch' });
  expect(decide(rejectCell, { act: a, firstLook: { present: null } }, { strict: false })).toMatchObject({ verdict: 'error', reason: expect.stringMatching(/^inconclusive: .*authentication failure/) });
});

test.each(['h', 'http', 'tt'])('secret key %p: a redirect to https is judged by the scheme that was sent', (secret) => {
  const a = answerOf(ctxWith(secret), answer(301, '', { location: 'https://elsewhere.example/x' }), []);
  expect(a).toMatchObject({ locationScheme: 'https' });
  // An accept cell over HTTPS redirected to HTTPS is not "away": ERROR, not FAIL interop.
  expect(decide(acceptCell, { act: a }, { strict: false })).toMatchObject({ verdict: 'error' });
});

test('a code S3 could not send is not quoted', () => {
  const a = answerOf(ctxWith('zz'), answer(400, '<Error><Code>Bad&lt;script&gt; code with spaces</Code></Error>'), []);
  expect(a).toMatchObject({ errorCode: 'an unreadable error code' });
});
