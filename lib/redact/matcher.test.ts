import { Matcher } from './matcher';

test('finds every pattern, exact or in any case, overlapping ones replaced as one', () => {
  const m = new Matcher({ exact: ['abcdef', 'abc', 'Secret'], caseless: ['deadbeef', '%2fx'] });
  expect(m.replace('x abcdef y abc z', '#')).toBe('x # y # z');
  expect(m.replace('Secret secret SECRET', '#')).toBe('# secret SECRET');
  expect(m.replace('DeadBeef deadbeef DEADBEEF %2Fx %2fX', '#')).toBe('# # # # #');
  expect(m.replace('abcdeadbeef', '#')).toBe('#'); // overlapping hits merge
  expect(m.replace('nothing here', '#')).toBe('nothing here');
});

test('fail links: a pattern found inside a longer false start', () => {
  const m = new Matcher({ exact: ['aab', 'ab'], caseless: [] });
  expect(m.replace('aaab', '#')).toBe('a#');
  expect(m.replace('ab-aab', '#')).toBe('#-#');
  expect(m.replace('abaab', '#')).toBe('#'); // touching hits merge
});

test('indexes stay right around characters whose lower case is longer (İ)', () => {
  const m = new Matcher({ exact: [], caseless: ['key'] });
  expect(m.replace('İİ KEY İ', '#')).toBe('İİ # İ');
});

test('no patterns: the text as it is', () => {
  expect(new Matcher({ exact: [], caseless: [] }).replace('abc', '#')).toBe('abc');
});
