// Finds many fixed strings in a text in one pass. The Redactor registers a dozen forms of every
// SSE-C key of a run, one key per cell at least, and registers them while the run goes on: one regex
// alternation of hundreds of forms falls off V8's compiled path, and an automaton rebuilt at every
// new key costs the run quadratic time. Here (Rabin-Karp on the first WINDOW characters) adding a
// pattern costs one map entry and a search costs one rolling-hash step per character.

/** Characters hashed per pattern; shorter patterns are searched one by one (there are few). */
const WINDOW = 8;
const BASE = 31;
/** BASE^(WINDOW-1), modulo 2^32: the weight of the character that leaves the window. */
const OUTGOING = Array.from({ length: WINDOW - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** ASCII letters folded to lower case; everything else as it is (the text's indexes stay valid). */
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

interface Pattern {
  text: string;
  caseless: boolean;
}

/** The hash of text's folded characters [at, at + WINDOW). */
function hashAt(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + WINDOW; i++) h = (Math.imul(h, BASE) + fold(text.charCodeAt(i))) | 0;
  return h;
}

function occursAt(text: string, at: number, p: Pattern): boolean {
  if (at + p.text.length > text.length) return false;
  if (!p.caseless) return text.startsWith(p.text, at);
  for (let k = 0; k < p.text.length; k++) if (fold(text.charCodeAt(at + k)) !== fold(p.text.charCodeAt(k))) return false;
  return true;
}

/** Fixed strings, each matched exactly or with ASCII letters in any case; more can be added at any time. */
export class Matcher {
  /** Patterns of WINDOW characters or more, by the hash of their first WINDOW (folded). */
  private readonly byHash = new Map<number, Pattern[]>();
  /** Which low 16 bits of a hash any pattern has: most positions are passed without a map lookup. */
  private readonly seen = new Uint8Array(1 << 16);
  private readonly short: Pattern[] = [];
  private readonly known = new Set<string>();
  /** A text shorter than every pattern holds none: most header values. */
  private shortest = Infinity;
  /** The longest pattern's length (0 when there is none). */
  longest = 0;

  constructor(patterns: { exact: Iterable<string>; caseless: Iterable<string> } = { exact: [], caseless: [] }) {
    for (const p of patterns.exact) this.add(p, false);
    for (const p of patterns.caseless) this.add(p, true);
  }

  /** Whether the pattern is new. */
  add(text: string, caseless: boolean): boolean {
    const id = `${caseless ? 'i' : 'x'}${text}`;
    if (!text || this.known.has(id)) return false;
    this.known.add(id);
    const p = { text, caseless };
    this.shortest = Math.min(this.shortest, text.length);
    this.longest = Math.max(this.longest, text.length);
    if (text.length < WINDOW) {
      this.short.push(p);
      return true;
    }
    const h = hashAt(text, 0);
    this.seen[h & 0xffff] = 1;
    const bucket = this.byHash.get(h);
    if (bucket) bucket.push(p);
    else this.byHash.set(h, [p]);
    return true;
  }

  /** Appends [start, end) of every occurrence. */
  private find(text: string, out: [number, number][]): void {
    if (this.byHash.size && text.length >= WINDOW) {
      let h = hashAt(text, 0);
      for (let i = 0; ; i++) {
        const bucket = this.seen[h & 0xffff] ? this.byHash.get(h) : undefined;
        if (bucket) for (const p of bucket) if (occursAt(text, i, p)) out.push([i, i + p.text.length]);
        if (i + WINDOW >= text.length) break;
        h = (Math.imul(h - Math.imul(fold(text.charCodeAt(i)), OUTGOING), BASE) + fold(text.charCodeAt(i + WINDOW))) | 0;
      }
    }
    for (const p of this.short) {
      for (let i = 0; i + p.text.length <= text.length; i++) if (occursAt(text, i, p)) out.push([i, i + p.text.length]);
    }
  }

  /** The text with every occurrence replaced; overlapping or touching occurrences become one replacement. */
  replace(text: string, replacement: string): string {
    if (text.length < this.shortest) return text;
    const hits: [number, number][] = [];
    this.find(text, hits);
    if (hits.length === 0) return text;
    hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = '';
    let at = 0;
    let i = 0;
    while (i < hits.length) {
      const start = hits[i]![0];
      let end = hits[i]![1];
      for (i++; i < hits.length && hits[i]![0] <= end; i++) end = Math.max(end, hits[i]![1]);
      out += text.slice(at, start) + replacement;
      at = end;
    }
    return out + text.slice(at);
  }
}
