import * as fs from 'node:fs';
import * as path from 'node:path';

export type Outcome = 'accept' | 'reject';

/** The hand-written expected outcomes of the obs profile (config/golden/obs.expected-outcomes.json). */
export const OBS_GOLDEN_FILE = path.resolve(__dirname, '../../config/golden/obs.expected-outcomes.json');

/**
 * Reads a golden file: case id -> accept | reject, checked against the counts it states, so a
 * line lost or mistyped in an edit is caught here rather than read as a missing cell.
 * Deliberately independent of expandProfile: tests compare the expansion and the reference
 * endpoint against it.
 */
export function loadGolden(file: string = OBS_GOLDEN_FILE): Map<string, Outcome> {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { counts?: Record<string, unknown>; expected?: unknown };
  if (!data.expected || typeof data.expected !== 'object') throw new Error(`${file}: no "expected" object`);
  const out = new Map<string, Outcome>();
  for (const [id, v] of Object.entries(data.expected as Record<string, unknown>)) {
    if (v !== 'accept' && v !== 'reject') throw new Error(`${file}: ${id}: "${String(v)}" is neither accept nor reject`);
    out.set(id, v);
  }
  const count = (o: Outcome) => [...out.values()].filter((v) => v === o).length;
  const got = { cells: out.size, accept: count('accept'), reject: count('reject') };
  const want = data.counts ?? {};
  if (got.cells !== want.cells || got.accept !== want.accept || got.reject !== want.reject) {
    throw new Error(`${file}: holds ${JSON.stringify(got)}, states ${JSON.stringify(want)}`);
  }
  return out;
}
