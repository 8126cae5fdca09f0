// Finds many fixed strings in a text in one pass (Aho-Corasick). The Redactor registers a dozen
// forms of every SSE-C key of a run, and a run may hold one key per fixture and per target: one
// regex alternation of hundreds of forms falls off V8's compiled path and costs milliseconds per
// header value; this costs one step per character whatever the number of forms.

interface Node {
  next: Map<number, Node>;
  fail: Node | null;
  /** Lengths of the patterns that end here (own and via fail links, filled at build). */
  ends: number[];
}

const node = (): Node => ({ next: new Map(), fail: null, ends: [] });

/** ASCII letters folded to lower case; everything else as it is (the text's indexes stay valid). */
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

class Automaton {
  private readonly root = node();

  constructor(
    patterns: Iterable<string>,
    private readonly caseless: boolean,
  ) {
    for (const p of patterns) {
      let n = this.root;
      for (let i = 0; i < p.length; i++) {
        const c = caseless ? fold(p.charCodeAt(i)) : p.charCodeAt(i);
        let m = n.next.get(c);
        if (!m) n.next.set(c, (m = node()));
        n = m;
      }
      n.ends.push(p.length);
    }
    // Breadth first: a node's fail link points to the longest proper suffix that is a prefix.
    const queue: Node[] = [];
    for (const child of this.root.next.values()) {
      child.fail = this.root;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const n = queue[qi]!;
      for (const [c, child] of n.next) {
        let f = n.fail;
        while (f && !f.next.has(c)) f = f.fail;
        child.fail = f ? f.next.get(c)! : this.root;
        if (child.fail.ends.length) child.ends = [...child.ends, ...child.fail.ends];
        queue.push(child);
      }
    }
  }

  /** Appends [start, end) of every occurrence. */
  find(text: string, out: [number, number][]): void {
    const root = this.root;
    let n = root;
    for (let i = 0; i < text.length; i++) {
      const c = this.caseless ? fold(text.charCodeAt(i)) : text.charCodeAt(i);
      let m = n.next.get(c);
      while (m === undefined && n !== root) {
        n = n.fail!;
        m = n.next.get(c);
      }
      n = m ?? root;
      if (n.ends.length) for (const len of n.ends) out.push([i + 1 - len, i + 1]);
    }
  }
}

/** Fixed strings, each matched exactly or with ASCII letters in any case. */
export class Matcher {
  private readonly exact: Automaton | null;
  private readonly caseless: Automaton | null;
  /** A text shorter than every pattern holds none: most header values. */
  private readonly shortest: number;

  constructor(patterns: { exact: Iterable<string>; caseless: Iterable<string> }) {
    const exact = [...patterns.exact].filter(Boolean);
    const caseless = [...patterns.caseless].filter(Boolean);
    this.shortest = Math.min(...[...exact, ...caseless].map((p) => p.length));
    this.exact = exact.length ? new Automaton(exact, false) : null;
    this.caseless = caseless.length ? new Automaton(caseless, true) : null;
  }

  /** The text with every occurrence replaced; overlapping or touching occurrences become one replacement. */
  replace(text: string, replacement: string): string {
    if (text.length < this.shortest) return text;
    const hits: [number, number][] = [];
    this.exact?.find(text, hits);
    this.caseless?.find(text, hits);
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
