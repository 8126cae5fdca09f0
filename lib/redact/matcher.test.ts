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

test('patterns added after a search are found by the next one; shorter than the hashed window too', () => {
  const m = new Matcher();
  expect(m.replace('a key0123456789 and K9', '#')).toBe('a key0123456789 and K9');
  m.add('key0123456789', false);
  m.add('k9', true);
  expect(m.replace('a key0123456789 and K9', '#')).toBe('a # and #');
  m.add('KEY01234', true); // a prefix of the first, any case: the longer hit wins the overlap
  expect(m.replace('xkey0123456789x Key01234', '#')).toBe('x#x #');
});

test('every occurrence of many random patterns, as a plain indexOf search finds them', () => {
  const alphabet = 'abAB01%/+=';
  const rand = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  for (let round = 0; round < 200; round++) {
    const patterns = Array.from({ length: 1 + Math.floor(Math.random() * 6) }, () => rand(2 + Math.floor(Math.random() * 12)));
    const text = rand(200);
    const m = new Matcher({ exact: patterns, caseless: [] });
    // The reference: mark every character covered by any occurrence, then collapse runs.
    const covered = new Array<boolean>(text.length + 1).fill(false);
    for (const p of patterns) {
      for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) {
        for (let k = i; k < i + p.length; k++) covered[k] = true;
      }
    }
    let expected = '';
    for (let i = 0; i < text.length; ) {
      if (!covered[i]) expected += text[i++];
      else {
        expected += '#';
        // A run of covered characters (overlapping or touching hits) is one replacement.
        while (i < text.length && covered[i]) i++;
      }
    }
    expect(m.replace(text, '#')).toBe(expected);
  }
});
