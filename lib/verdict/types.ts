import type { Case } from '../matrix/types';

export type Verdict = 'pass' | 'fail' | 'error' | 'skipped';
/**
 * exposure: accepted where it must be refused (keys or data exposed in transit);
 * downgrade: accepted but not encrypted as asked; interop: refused where it must be accepted.
 */
export type Severity = 'exposure' | 'downgrade' | 'interop';

/** One HTTP exchange as evidence, already redacted (see lib/redact). */
export interface Exchange {
  /** What the step was: "act", "control", "verify: GET without key", ... */
  step: string;
  request: { method: string; url: string; headers: Record<string, string>; bodyExcerpt?: string };
  response?: { status: number; statusText?: string; headers: Record<string, string>; bodyExcerpt?: string };
  /** Transport failure instead of a response: timeout, ECONNRESET, TLS error... */
  error?: string;
  durationMs: number;
  /** Set when the step was tried more than once (fixture retries on 503/reset). */
  attempts?: number;
}

export interface CaseResult {
  id: string;
  table: Case['table'];
  row: string;
  rowIndex: number;
  protocol: Case['protocol'];
  auth: Case['auth'];
  expected: Case['expected'];
  requirement: string;
  verdict: Verdict;
  severity?: Severity;
  /** What the act request got back (status 0 when it got no answer). */
  observed: { status: number; code?: string };
  /** Why the verdict is what it is, in one or two sentences; "inconclusive: ..." for unprovable rejections. */
  reason: string;
  /** Notes that do not change the verdict, e.g. an SSE-C key travelling over plain HTTP. */
  notes?: string[];
  durationMs: number;
  /** Number of HTTP requests the case cost (arrange + act + control + verify). */
  requests: number;
  evidence: Exchange[];
}

export interface RunResults {
  schemaVersion: 1;
  runId: string;
  endpoint: { embedded: boolean; http: string; https: string; bucket: string; region: string };
  profile: string;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  /** True when the run was stopped (SIGINT) before every case was judged. */
  interrupted?: boolean;
  summary: { total: number; pass: number; fail: number; error: number; skipped: number };
  cases: CaseResult[];
}
