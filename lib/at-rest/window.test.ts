import { randomBytes } from 'node:crypto';
import { findPlaintext, WINDOW } from './window';

const plaintext = randomBytes(1500);
const junk = (n: number) => randomBytes(n);

test('the whole plaintext, alone or framed, is found where it is', () => {
  expect(findPlaintext(plaintext, plaintext)).toBe(0);
  expect(findPlaintext(Buffer.concat([junk(100), plaintext, junk(50)]), plaintext)).toBe(100);
});

test('ciphertext (random bytes of any size) holds no window', () => {
  expect(findPlaintext(junk(64 * 1024), plaintext)).toBe(-1);
  expect(findPlaintext(Buffer.alloc(0), plaintext)).toBe(-1);
});

/** The plaintext's bytes [from, to) among random bytes, with the byte on each side made to differ from the plaintext's neighbour there (random junk would match it one time in 256). */
function framed(from: number, to: number): Buffer {
  const before = Buffer.from([from > 0 ? plaintext[from - 1]! ^ 0xff : 0]);
  const after = Buffer.from([to < plaintext.length ? plaintext[to]! ^ 0xff : 0]);
  return Buffer.concat([junk(32), before, plaintext.subarray(from, to), after, junk(32)]);
}

test.each([0, 1, 7, 15, 16, 17, 31, 500, 1467, plaintext.length - WINDOW])('a %i-offset run of exactly WINDOW bytes is found; one byte less is not', (p) => {
  expect(findPlaintext(framed(p, p + WINDOW), plaintext)).toBe(33);
  // Short by one either side, at every alignment: not a window.
  expect(findPlaintext(framed(p + 1, p + WINDOW), plaintext)).toBe(-1);
  expect(findPlaintext(framed(p, p + WINDOW - 1), plaintext)).toBe(-1);
});

test('pieces of the plaintext interleaved with framing are found (a stored copy split into chunks)', () => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < plaintext.length; i += 100) chunks.push(Buffer.from('FRAME'), plaintext.subarray(i, i + 100));
  expect(findPlaintext(Buffer.concat(chunks), plaintext)).toBeGreaterThanOrEqual(0);
});

test('many false starts (16-byte blocks everywhere, never 32) do not fool it', () => {
  const block = plaintext.subarray(16, 32);
  const raw = Buffer.concat(Array.from({ length: 2000 }, () => Buffer.concat([Buffer.from([0]), block, Buffer.from([0])])));
  expect(findPlaintext(raw, plaintext)).toBe(-1);
  // ...and the real one among them is found.
  expect(findPlaintext(Buffer.concat([raw, plaintext.subarray(10, 60)]), plaintext)).toBe(raw.length);
});

test('a plaintext shorter than a window must be found whole', () => {
  const short = randomBytes(20);
  expect(findPlaintext(Buffer.concat([junk(5), short]), short)).toBe(5);
  expect(findPlaintext(short.subarray(0, 19), short)).toBe(-1);
});
