// "Stored in plaintext" is decided by one question: do the raw stored bytes share any run of
// WINDOW bytes with the plaintext the harness wrote? The plaintext is random, so a shared 32-byte
// run is no accident (chance per position 2^-256), and a stored copy split, framed or padded by the
// endpoint still shows.
export const WINDOW = 32;
// Any 32-byte run of the plaintext contains a whole 16-byte block aligned on 16 (offset rounded up
// to a multiple of 16, plus 16, stays within the run): only those blocks are searched for, then each
// hit is extended both ways to see whether it makes a 32-byte match.
const BLOCK = WINDOW / 2;

/**
 * Offset in `raw` of a WINDOW-byte run of `plaintext`, or -1. A plaintext shorter than WINDOW must
 * be found whole. Linear in raw per block (Buffer.indexOf), with a bounded extension per hit.
 */
export function findPlaintext(raw: Buffer, plaintext: Buffer): number {
  if (plaintext.length === 0) return -1;
  if (plaintext.length < WINDOW) return raw.indexOf(plaintext);
  for (let p = 0; p + BLOCK <= plaintext.length; p += BLOCK) {
    const block = plaintext.subarray(p, p + BLOCK);
    for (let at = raw.indexOf(block); at !== -1; at = raw.indexOf(block, at + 1)) {
      const hit = extend(raw, at, plaintext, p);
      if (hit !== -1) return hit;
    }
  }
  return -1;
}

/** raw[at..at+BLOCK) equals plaintext[p..p+BLOCK): the start in raw of a WINDOW-byte common run through it, or -1. */
function extend(raw: Buffer, at: number, plaintext: Buffer, p: number): number {
  let back = 0;
  while (back < WINDOW && at - back > 0 && p - back > 0 && raw[at - back - 1] === plaintext[p - back - 1]) back++;
  let fwd = BLOCK;
  while (back + fwd < WINDOW && at + fwd < raw.length && p + fwd < plaintext.length && raw[at + fwd] === plaintext[p + fwd]) fwd++;
  return back + fwd >= WINDOW ? at - back : -1;
}
