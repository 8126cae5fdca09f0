// `repro --from DIR`: what a recorded run gives a repro. results.json records the seed, the profile,
// strict and the endpoint (URLs, bucket, region; embedded or not), never a key: the keys, and every
// other setting, still come from .env / --env-file as for `run`. A recorded live endpoint must be the
// one the settings name (a cell re-judged elsewhere reproduces nothing); a recorded embedded one
// means settings that name no endpoint (a fresh embedded endpoint is started, as the run did).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type Settings } from '../config/settings';
import { loadResultsFile, ResultsError } from '../report/load-results';
import { printable } from '../report/sanitize';
import type { CaseResult, RunResults } from '../verdict/types';

export interface FromRun {
  /** The results.json read. */
  file: string;
  runId: string;
  profile: string;
  strict: boolean;
  seed?: number;
  endpoint: RunResults['endpoint'];
  /** What the run said of the cell, when it judged it. */
  cell?: CaseResult;
}

/** Reads DIR/results.json (or the file itself), validated as `merge` validates it. */
export function readFromRun(dirOrFile: string, caseId: string): FromRun {
  const file = fs.existsSync(dirOrFile) && fs.statSync(dirOrFile).isDirectory() ? path.join(dirOrFile, 'results.json') : dirOrFile;
  let res: RunResults;
  try {
    res = loadResultsFile(file);
  } catch (e) {
    if (e instanceof ResultsError) throw new ConfigError(`--from: ${e.message}`);
    throw e;
  }
  return {
    file,
    runId: res.runId,
    profile: res.profile,
    strict: res.strict,
    ...(res.seed !== undefined ? { seed: res.seed } : {}),
    endpoint: res.endpoint,
    ...(res.cases.find((c) => c.id === caseId) ? { cell: res.cases.find((c) => c.id === caseId)! } : {}),
  };
}

/** The settings must name the endpoint the run was judged against (or none, for an embedded run). */
export function checkSameEndpoint(from: FromRun, target: Settings['target'], settingsName: string): void {
  const rec = from.endpoint;
  const run = `run ${printable(from.runId, 80)} (${printable(from.file, 300)})`;
  if (rec.embedded) {
    if (target) throw new ConfigError(`--from: ${run} was judged against the embedded endpoint, but ${settingsName} names ${target.https}: leave the endpoint out of the settings, or drop --from`);
    return;
  }
  const where = `${printable(rec.https, 300)} bucket ${printable(rec.bucket, 80)} (region ${printable(rec.region, 40)})`;
  if (!target) {
    throw new ConfigError(`--from: ${run} was judged against ${where}; results.json holds no keys, so ${settingsName} must name that endpoint (S3_ENDPOINT_HTTP, S3_ENDPOINT_HTTPS, S3_BUCKET and its keys)`);
  }
  const same = target.http === rec.http && target.https === rec.https && target.bucket === rec.bucket && target.region === rec.region;
  if (!same) {
    throw new ConfigError(
      `--from: ${run} was judged against ${printable(rec.http, 300)} and ${where}, but ${settingsName} names ${target.http} and ${target.https} bucket ${target.bucket} (region ${target.region}): a cell re-judged elsewhere reproduces nothing; point the settings at the run's endpoint, or drop --from`,
    );
  }
}
