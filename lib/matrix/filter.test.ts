import { loadProfile } from '../profile/load';
import { expandProfile } from './expand';
import { checkGlobs, globProblem } from './filter';

const cases = expandProfile(loadProfile('obs'));

test('well-formed globs that match a case id pass', () => {
  expect(() => checkGlobs(cases, ['sse-c/get-object/*', 'copy/**', '*/*/http-v[24]', 'sse-kms/{get,head}-object/*'])).not.toThrow();
  expect(() => checkGlobs(cases, undefined)).not.toThrow();
});

test.each<[string, RegExp]>([
  ['sse-c/get-objekt/*', /^--only: "sse-c\/get-objekt\/\*" matches no case id/],
  ['sse-c/*', /^--only: "sse-c\/\*" matches no case id: \* stops at \/, so ids \(sse-c\/put-object\/http-v2\) need "sse-c\/\*\*"/], // * stops at a slash: the message says what to write
  ['sse-c/[get/*', /^--only: "sse-c\/\[get\/\*" has an unclosed "\["/],
  ['sse-c/{a,b/*', /has an unclosed "\{"/],
  ['sse-c/a)/*', /has an unbalanced "\)"/],
  [' ', /is empty/],
])('%j is named', (glob, message) => {
  expect(() => checkGlobs(cases, ['copy/**', glob])).toThrow(message);
});

test('brackets inside a character class and escaped ones are not unbalanced', () => {
  expect(globProblem('a[{(]b')).toBeNull();
  expect(globProblem('a\\[b')).toBeNull();
});
