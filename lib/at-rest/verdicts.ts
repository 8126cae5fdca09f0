// What the at-rest probe's reads mean for each cell. Pure: the reads come in, amended results go
// out (unit-tested in verdicts.test.ts).
import { causeAfter } from '../verdict/causes';
import { createHash } from 'node:crypto';
import type { AtRestFinding, CaseResult, Exchange } from '../verdict/types';
import { API_ONLY, AT_REST } from '../verdict/rules';
import type { Redactor } from '../redact/redact';
import { MAX_STDERR, type ProbeRead } from './command';
import type { StoredObject } from './ledger';
import { findPlaintext, WINDOW } from './window';


/** One object, as the probe saw it. */
export type ObjectFinding =
  /** Encrypted: no window of the plaintext in the stored bytes. Unencrypted: the plaintext is there (as asked). */
  | { kind: 'as-asked'; bytes: number }
  | { kind: 'plaintext'; bytes: number; offset: number }
  /** Unencrypted object whose plaintext the stored bytes do not hold: the probe reads the wrong thing. */
  | { kind: 'missing-plaintext'; bytes: number }
  | { kind: 'not-found' }
  /** Encrypted, but fewer bytes than were written: encryption does not shrink random data, so this is not the object. */
  | { kind: 'too-short'; bytes: number; written: number }
  | { kind: 'probe-error'; message: string };

export function findingOf(o: StoredObject, r: ProbeRead): ObjectFinding {
  if (r.kind === 'not-found') return { kind: 'not-found' };
  // A failed read still counts when what it gave holds the plaintext: that much is a fact.
  const bytes = r.bytes;
  const offset = bytes ? findPlaintext(bytes, o.plaintext) : -1;
  if (r.kind === 'error') return o.encrypted && bytes && offset !== -1 ? { kind: 'plaintext', bytes: bytes.length, offset } : { kind: 'probe-error', message: r.message };
  if (!o.encrypted) return offset === -1 ? { kind: 'missing-plaintext', bytes: r.bytes.length } : { kind: 'as-asked', bytes: r.bytes.length };
  if (offset !== -1) return { kind: 'plaintext', bytes: r.bytes.length, offset };
  return r.bytes.length < o.plaintext.length ? { kind: 'too-short', bytes: r.bytes.length, written: o.plaintext.length } : { kind: 'as-asked', bytes: r.bytes.length };
}

/**
 * The probe's answers checked against each other: a probe that answers every key with the same
 * bytes (a cache, "the newest file") or with another object's bytes would otherwise make an object
 * stored in clear look encrypted. Null when they hold together.
 */
export function consistencyProblem(reads: { object: StoredObject; bytes: Buffer | undefined }[]): string | null {
  // A 32-byte head of each plaintext: found in the bytes read for another object whose own plaintext
  // does not hold it (a copy or a copied part does), the probe read the wrong object.
  const heads = reads.filter((r) => r.object.plaintext.length >= WINDOW).map((r) => ({ key: r.object.key, head: r.object.plaintext.subarray(0, WINDOW) }));
  for (const r of reads) {
    if (!r.bytes?.length) continue;
    for (const h of heads) {
      if (h.key === r.object.key || r.bytes.indexOf(h.head) === -1 || r.object.plaintext.indexOf(h.head) !== -1) continue;
      return `the probe's bytes for ${r.object.key} hold the plaintext of another object (${h.key}): it does not read the object it is asked for`;
    }
  }
  // Two objects written encrypted with different plaintexts cannot be stored as the same bytes.
  const seen = new Map<string, StoredObject>();
  for (const r of reads) {
    if (!r.object.encrypted || !r.bytes?.length) continue;
    const digest = createHash('sha256').update(r.bytes).digest('hex');
    const other = seen.get(digest);
    if (other && !other.plaintext.equals(r.object.plaintext)) return `the probe gave the same ${r.bytes.length} bytes for ${other.key} and ${r.object.key}, two objects written encrypted with different contents`;
    seen.set(digest, r.object);
  }
  return null;
}

/**
 * The probe's own check, on the unencrypted objects the run verified (and its calibration object):
 * each one's plaintext must be found, or nothing the probe says can be trusted. Null when it holds.
 */
export function selfCheckProblem(plain: { key: string; finding: ObjectFinding }[]): string | null {
  if (plain.length === 0) return 'no unencrypted object to check the probe against';
  const bad = plain.find((p) => p.finding.kind !== 'as-asked');
  if (!bad) return null;
  const what = describe(bad.finding);
  return `the probe did not show the plaintext of an unencrypted object the harness wrote (${bad.key}: ${what}); its other answers cannot be trusted`;
}

function describe(f: ObjectFinding): string {
  switch (f.kind) {
    case 'as-asked':
      return `${f.bytes} bytes, as asked`;
    case 'plaintext':
      return `${f.bytes} bytes holding the plaintext at offset ${f.offset}`;
    case 'missing-plaintext':
      return `${f.bytes} bytes without a ${WINDOW}-byte run of the plaintext`;
    case 'not-found':
      return 'not found (exit 3)';
    case 'too-short':
      return `${f.bytes} bytes, fewer than the ${f.written} written encrypted: not the stored object`;
    case 'probe-error':
      return f.message;
  }
}

const RANK: Record<ObjectFinding['kind'], number> = { plaintext: 4, 'probe-error': 3, 'missing-plaintext': 3, 'too-short': 3, 'not-found': 2, 'as-asked': 1 };

/** A cell's results amended by what the probe found for its objects (`broken`: the probe failed its own check). */
export function amendCell(r: CaseResult, objects: { object: StoredObject; finding: ObjectFinding; evidence: Exchange }[], broken: string | null): CaseResult {
  if (objects.length === 0) return { ...r, atRest: 'not-probed' };
  const evidence = [...r.evidence, ...objects.map((o) => o.evidence)];
  const probedVerdict = r.verdict === 'pass' || (r.verdict === 'fail' && r.severity === 'interop');
  if (broken) {
    if (r.verdict !== 'pass') return { ...r, atRest: 'not-probed', evidence };
    return { ...r, verdict: 'error', reason: `inconclusive: the at-rest probe is broken for this run: ${broken}`, ...causeAfter(r, { verdict: 'error', cause: 'at-rest-unverified' }), atRest: 'not-probed', evidence };
  }
  const worst = objects.reduce((a, b) => (RANK[b.finding.kind] > RANK[a.finding.kind] ? b : a));
  const f = worst.finding;
  const at: AtRestFinding = f.kind === 'as-asked' ? 'verified' : f.kind === 'plaintext' ? 'plaintext' : f.kind === 'not-found' ? 'not-found' : 'not-probed';
  const base = { ...r, atRest: at, evidence };
  if (!probedVerdict) {
    // A downgrade found through the API, confirmed at rest: said, the verdict unchanged.
    return f.kind === 'plaintext' ? { ...base, notes: [...(r.notes ?? []), `confirmed at rest: the stored bytes of ${worst.object.key} hold the plaintext written`] } : base;
  }
  const which = worst.object.key;
  switch (f.kind) {
    case 'plaintext': {
      // Stored in clear is a downgrade whatever the API said; an interop failure's reason (a missing echo) stays as a second finding.
      const also = r.verdict === 'fail' ? ` (also: ${r.reason})` : '';
      return {
        ...base,
        verdict: 'fail',
        severity: 'downgrade',
        ...causeAfter(r, { verdict: 'fail', cause: 'plaintext-at-rest' }),
        reason: `stored in plaintext at rest: the stored bytes of ${which} hold the plaintext written (a ${WINDOW}-byte run of it at offset ${f.offset} of ${f.bytes}), though the endpoint answers as if it were encrypted${also}`,
      };
    }
    case 'as-asked':
      if (r.verdict !== 'pass') return base;
      return { ...base, reason: r.reason.endsWith(API_ONLY) ? `${r.reason.slice(0, -API_ONLY.length)}${AT_REST}` : `${r.reason}; ${AT_REST}` };
    default:
      if (r.verdict !== 'pass') return base;
      return { ...base, verdict: 'error', ...causeAfter(r, { verdict: 'error', cause: 'at-rest-unverified' }), reason: `inconclusive: at rest, ${which}: ${describe(f)}; the API serves it, so what is stored cannot be shown (${API_ONLY})` };
  }
}

/** The evidence entry of one probe read (its stderr redacted by the caller's redactor). */
export function probeExchange(probe: string, bucket: string, o: StoredObject, r: ProbeRead, f: ObjectFinding, durationMs: number, redactor: Pick<Redactor, 'text' | 'excerpt'>): Exchange {
  const redact = (s: string) => redactor.text(s);
  // Redacted, then cut: a secret across the cut would escape a redactor that saw only its start.
  const stderr = r.stderr ? `\nprobe stderr: ${redactor.excerpt(r.stderr, MAX_STDERR).text}` : '';
  const request = { method: 'PROBE', url: `${probe} ${bucket} ${o.key}`, headers: {} };
  const summary = `${o.encrypted ? 'written encrypted' : 'written unencrypted'}; ${describe(f)}`;
  if (r.kind === 'error' && f.kind !== 'plaintext') return { step: 'at rest: probe', request, error: redact(`${r.message}${stderr}`), durationMs };
  return {
    step: 'at rest: probe',
    request,
    response: { status: r.kind === 'not-found' ? 404 : 200, statusText: r.kind === 'not-found' ? 'not found' : 'read', headers: {}, bodyExcerpt: redact(`${summary}${stderr}`) },
    durationMs,
  };
}
