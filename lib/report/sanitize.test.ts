import { printable, printableBlock } from './sanitize';

const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const S = '\u2426'; // what stands where something was taken out

test('colours, cursor moves, window titles and hyperlinks are taken out whole, each leaving one visible sign', () => {
  expect(printable('\x1b[31mred\x1b[0m')).toBe(`${S}red${S}`);
  expect(printable('a\x1b[2K\x1b[1Ab')).toBe(`a${S}${S}b`);
  expect(printable('x\x1b]0;pwned title\x07y')).toBe(`x${S}y`);
  expect(printable('x\x1b]2;title\x1b\\y')).toBe(`x${S}y`);
  expect(printable('\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\')).toBe(`${S}click${S}`);
  expect(printable('x\x1bPq#0;2;0;0;0\x1b\\y')).toBe(`x${S}y`); // DCS (sixel)
  expect(printable('reset\x1bc!')).toBe(`reset${S}!`);
  expect(printable('\x9b31mC1 csi\x9d0;t\x07!')).toBe(`${S}C1 csi${S}!`); // 8-bit CSI and OSC
  expect(printable('unterminated \x1b]0;title to the end')).toBe(`unterminated ${S}`);
  expect(printable('lone ESC at the end \x1b')).toBe(`lone ESC at the end ${S}`);
});

test('other controls, DEL and bidi overrides are replaced; line breaks become spaces on one line', () => {
  const out = printable('a\x00b\x07c\x08d\x7fe\u0085f\u202eg\u2066h\u200fi\rj\nk\r\nl\tm\u2028n');
  expect(out).toBe(`a${S}b${S}c${S}d${S}e${S}f${S}g${S}h${S}i j k l m n`);
  expect(out).not.toMatch(CONTROLS);
  expect(printableBlock('one\r\ntwo\x1b[31m\nthree')).toBe(`one\ntwo${S}\nthree`);
});

test('nothing is deleted: a secret an endpoint split with a control character stays split', () => {
  const key = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=';
  for (const x of ['\u200e', '\u202e\u202c', '\x1b[0m', '\x07', '\x9b0m', '\u2066\u2069', '\x00']) {
    const text = `Bad${key.slice(0, 22)}${x}${key.slice(22)}`;
    expect(printable(text)).not.toContain(key);
    expect(printableBlock(text)).not.toContain(key);
  }
});

test('ordinary text, Unicode and markup survive; lone surrogates become U+FFFD; length is bounded', () => {
  expect(printable('✓ 400 InvalidRequest: <b>ünïcødé</b> & "q" 🙂')).toBe('✓ 400 InvalidRequest: <b>ünïcødé</b> & "q" 🙂');
  expect(printable('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
  expect(printable('a'.repeat(50), 10)).toBe(`${'a'.repeat(10)}…`);
  expect(printable(`${'a'.repeat(9)}🙂`, 10)).toBe(`${'a'.repeat(9)}…`); // never half a surrogate pair
  expect(printable(undefined)).toBe('');
});
