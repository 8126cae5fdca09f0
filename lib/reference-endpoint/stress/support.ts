import type { Auth, Encryption, Profile, Protocol, TableId } from '../../profile/types';
import { Enforcer } from '../enforcement';

/** Shared by the stress tests (not a test file itself). */

/** Small seeded PRNG (mulberry32): the same seed gives the same request mix. */
export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}

export interface Via {
  protocol: Protocol;
  auth: Auth;
}

const ALL_VIAS: Via[] = [
  { protocol: 'https', auth: 'v4' },
  { protocol: 'https', auth: 'v2' },
  { protocol: 'http', auth: 'v4' },
  { protocol: 'http', auth: 'v2' },
];

/**
 * The (protocol, signature) pairs the profile allows for one request, classified as the endpoint
 * does (README "Classification"): `table` undefined = nothing enforced (plain interface requests).
 */
export class CellPicker {
  private readonly enforcer: Enforcer;

  constructor(profile: Profile) {
    this.enforcer = new Enforcer(profile);
  }

  allowed(table: TableId | undefined, row: string): Via[] {
    if (!table) return ALL_VIAS;
    const out = ALL_VIAS.filter((v) => this.enforcer.decide(table, row, v.protocol, v.auth).allowed);
    if (!out.length) throw new Error(`profile allows no transport for ${table}/${row}`);
    return out;
  }

  /** Tables 1 and 2: the request's own encryption, else what it reads or extends. */
  forInterface(row: string, requested: Encryption, existing: Encryption = 'plain'): Via[] {
    const table = requested !== 'plain' ? requested : existing !== 'plain' ? existing : undefined;
    return this.allowed(table, row);
  }
}
