// Text an endpoint sent (reasons, codes, ids from a merged file) made safe to print on a
// terminal: no escape sequence can recolour the screen, set the window title, move the cursor or
// rewrite a line, and no bidi control can make it read differently from what it holds.
// Our own colouring is added after this, around text that went through it.

/* eslint-disable no-control-regex -- these patterns exist to strip control characters */
// ESC sequences, whole: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST, or to the end when
// unterminated), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST), and the two-byte ones (ESC c, ESC ( B).
const ESC_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?|[ -/]*[0-~])?/g;
// The same introduced by their 8-bit C1 forms (CSI U+009B, OSC U+009D, DCS U+0090, ...).
const C1_SEQUENCE = /\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?/g;
/** C0 but tab and line feed, DEL, C1; Unicode bidi embeddings, overrides, isolates and marks. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/**
 * What is taken out is replaced, never just deleted: the text was redacted before it got here, and
 * deleting a character an endpoint put inside a secret would join the secret's two halves again.
 * U+2426 (a visible "substitute" sign), not U+FFFD: an SSE-C key decoded as UTF-8 holds U+FFFD
 * wherever its bytes are not UTF-8, so a U+FFFD in place of a control character could complete one.
 */
const REMOVED = '\u2426';

function clean(value: unknown): string {
  return String(value ?? '')
    .replace(ESC_SEQUENCE, REMOVED)
    .replace(C1_SEQUENCE, REMOVED)
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, REMOVED)
    .replace(/\t/g, ' ')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(LONE_SURROGATE, '\uFFFD');
}

function bound(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max).replace(/[\ud800-\udbff]$/, '')}…`;
}

/** One printable line: control characters and escape sequences each replaced by U+2426, line breaks as spaces, at most max characters. */
export function printable(value: unknown, max = Infinity): string {
  return bound(clean(value).replace(/\n+/g, ' '), max);
}

/** Like printable, but line breaks kept (for text printed as a block of its own). */
export function printableBlock(value: unknown, max = Infinity): string {
  return bound(clean(value), max);
}
