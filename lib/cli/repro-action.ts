// `sse-conformance repro CASE_ID`: one cell judged again through the run path (lib/run/run.ts, the
// one cell as the selection; the embedded endpoint when the settings name none), then printed: each
// exchange in order as an HTTP transcript, the verdict, its reason and cause; `--curl` adds the
// request under test as a command a person can send by hand. No report is written (a repro of one
// cell must not replace reports/latest/); the exit code is the one `run` would give.
import { ConfigError, loadSettings } from '../config/settings';
import type { SignedRequest } from '../engine/context';
import { keyRootOf } from '../engine/prefix';
import { expandProfile } from '../matrix/expand';
import { FilterError } from '../matrix/filter';
import type { Case } from '../matrix/types';
import { loadProfile } from '../profile/load';
import { AUTHS, PROTOCOLS } from '../profile/types';
import { expectedText } from '../report/labels';
import { printable, printableBlock } from '../report/sanitize';
import { ACCESS_KEY_ENV, CurlError, curlCommand, SECRET_KEY_ENV } from '../repro/curl';
import { checkSameEndpoint, readFromRun, type FromRun } from '../repro/from-run';
import { sq, word } from '../repro/shell';
import { howToSet, reproKeys, type ReproKeys } from '../repro/ssec-env';
import { cellSummary, transcriptLines, verdictLines } from '../repro/transcript';
import { runConformance } from '../run/run';
import type { CaseResult, RunResults } from '../verdict/types';
import { exitCodeFor } from './exit-code';
import type { ReproFlags } from './repro';
import { signalExit, stopOnSignals } from './signals';

/** A case id's shape: `<table>/<row>/<protocol>-<auth>`. */
const ID_SHAPE = new RegExp(`^[a-z0-9-]+/[a-z0-9-]+/(?:${PROTOCOLS.join('|')})-(?:${AUTHS.join('|')})$`);
const SHAPE_TEXT = 'ids are <table>/<row>/<protocol>-<auth>, e.g. sse-kms/put-object/https-v4 (`sse-conformance list` prints them all)';

/** The cell asked for, or one line saying what a case id looks like (exit 2). */
export function findCase(all: readonly Case[], id: string, profile: string): Case {
  if (!ID_SHAPE.test(id)) throw new FilterError(`repro: ${JSON.stringify(printable(id, 200))} is not a case id: ${SHAPE_TEXT}`);
  const c = all.find((x) => x.id === id);
  if (c) return c;
  const [table, row] = id.split('/');
  const tables = [...new Set(all.map((x) => x.table))];
  const rows = [...new Set(all.filter((x) => x.table === table).map((x) => x.row))];
  const hint = !tables.includes(table as Case['table'])
    ? `its tables are ${tables.join(', ')}`
    : !rows.includes(row!)
      ? `the rows of ${table} are ${rows.join(', ')}`
      : `that row has ${all.filter((x) => x.table === table && x.row === row).map((x) => `${x.protocol}-${x.auth}`).join(', ')}`;
  throw new FilterError(`repro: profile ${printable(profile, 200)} has no cell ${id}: ${hint}; ${SHAPE_TEXT}`);
}


export async function repro(caseId: string, flags: ReproFlags): Promise<number> {
  // The id's shape first: a typo is one line before anything is read or sent.
  if (!ID_SHAPE.test(caseId)) findCase([], caseId, '');
  const from = flags.from ? readFromRun(flags.from, caseId) : undefined;
  const profile = flags.profile ?? from?.profile;
  const settings = loadSettings({ envFile: flags.envFile, profile, caFile: flags.caFile, insecure: flags.insecure });
  const settingsName = flags.envFile ? printable(flags.envFile, 300) : '.env';
  if (from) checkSameEndpoint(from, settings.target, settingsName);
  if (flags.curl && !settings.target) {
    throw new ConfigError(
      '--curl needs an endpoint that outlives this command: the embedded endpoint stops, with everything the cell wrote, when repro ends, and its keys are drawn at start and never shown. Start one with `sse-conformance serve` (it prints its keys and CA file) and point .env or --env-file at it',
    );
  }
  const c = findCase(expandProfile(loadProfile(settings.profile)), caseId, settings.profile);
  const keys = reproKeys(c);
  const missing = keys.carried.filter((k) => !k.key).map((k) => k.env);
  // --curl gives a command only when every key the request carries is known ahead (its variable is set).
  const curl = !!flags.curl && missing.length === 0;

  let act: SignedRequest | undefined;
  const stop = stopOnSignals(() => 'finishing the cell, cleaning up');
  let results: RunResults;
  try {
    ({ results } = await runConformance(
      {
        envFile: flags.envFile,
        profile: settings.profile,
        strict: flags.strict ?? from?.strict ?? false,
        concurrency: 1,
        timeoutMs: flags.timeout,
        caFile: flags.caFile,
        insecure: flags.insecure,
        settleMs: flags.settle,
        ...((flags.seed ?? from?.seed) !== undefined ? { seed: flags.seed ?? from?.seed } : {}),
        retries: 0,
      },
      {
        cases: [c],
        signal: stop.signal,
        progress: 'off',
        writeReports: false,
        ssec: keys.ssec,
        // In memory only: the command is built from it below, with every secret read from a variable.
        ...(curl ? { onSigned: (_step: string, r: SignedRequest) => (act = r), keepPrefix: true } : {}),
      },
    ));
  } finally {
    stop.dispose();
  }
  const cell = results.cases.find((r) => r.id === c.id)!;
  const out: string[] = [...headerLines(results, cell, settingsName, from, keys), '', ...transcriptLines(cell), ...verdictLines(cell)];
  if (flags.curl) out.push('', ...curlLines(cell, act, keys, missing, settings.target!, c, results, flags));
  process.stdout.write(`${out.map((l) => printableBlock(l)).join('\n')}\n`);
  const signalled = stop.signalled();
  return signalled ? signalExit(signalled) : exitCodeFor(results);
}

/** What was judged, where, with what: the run's id, seed, profile, strictness, and the keys given. */
function headerLines(res: RunResults, cell: CaseResult, settingsName: string, from: FromRun | undefined, keys: ReproKeys): string[] {
  const ep = res.endpoint;
  const where = ep.embedded ? `the embedded reference endpoint (${printable(ep.http, 300)}, ${printable(ep.https, 300)})` : `${printable(ep.http, 300)} and ${printable(ep.https, 300)}, bucket ${printable(ep.bucket, 80)}, region ${printable(ep.region, 40)} (${settingsName})`;
  const lines = [
    `repro ${cell.id}: run ${res.runId}, profile ${printable(res.profile, 200)}, seed ${res.seed ?? 'none'}, strict ${res.strict ? 'on' : 'off'}`,
    `requirement: ${printable(cell.requirement, 500)}; expected: ${expectedText(cell)}`,
    `endpoint: ${where}`,
  ];
  if (from) {
    const said = from.cell ? `judged it ${cellSummary(from.cell)}` : 'did not judge it';
    lines.push(`from: ${printable(from.file, 300)}: run ${printable(from.runId, 80)} ${said}`);
  }
  for (const k of keys.carried) {
    lines.push(`SSE-C key (${k.header}): ${k.key ? `the one in $${k.env}, MD5 ${k.key.md5B64}` : `drawn for this run, never printed (set ${k.env} to choose it)`}`);
  }
  return lines;
}

/**
 * The --curl section: the command (or one line saying why there is none), what it needs, how long it
 * holds, and the command that deletes what the run left for it.
 */
function curlLines(cell: CaseResult, act: SignedRequest | undefined, keys: ReproKeys, missing: string[], target: NonNullable<ReturnType<typeof loadSettings>['target']>, c: Case, res: RunResults, flags: ReproFlags): string[] {
  if (missing.length) {
    return [`--curl: no command: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set, so the cell used a key of its own, which is never printed; set ${missing.length === 1 ? 'it' : 'them'} and run again: ${missing.map(howToSet).join('; ')}`];
  }
  const out: string[] = [];
  if (!act) {
    out.push(`--curl: no command: the request under test was never sent (${printable(cell.reason, 500)})`);
  } else {
    try {
      const cmd = curlCommand({
        request: act,
        auth: c.auth,
        policyAuth: c.operation === 'post-object',
        region: target.region,
        accessKeyId: target.accessKeyId,
        ...(target.caFile ? { caFile: target.caFile } : {}),
        insecure: target.tlsInsecure,
        fromEnv: keys.carried.flatMap((k) => (k.key ? [{ value: k.key.keyB64, env: k.env }] : [])),
        never: [target.secretAccessKey],
      });
      const needs = cmd.env.map((e) => (e === ACCESS_KEY_ENV ? `${e} (S3_ACCESS_KEY_ID)` : e === SECRET_KEY_ENV ? `${e} (S3_SECRET_ACCESS_KEY)` : `${e} (the key this run used)`));
      out.push('# ── the request under test (act), as a curl command: paste into bash ──');
      out.push(`# reads ${needs.join(', ')}`);
      for (const n of cmd.notes) out.push(`# ${n}`);
      const spent = consumedUpload(c, cell);
      if (spent) out.push(`# ${spent}`);
      out.push(...cmd.lines, '# ── end of the command ──');
    } catch (e) {
      if (!(e instanceof CurlError)) throw e;
      out.push(`--curl: no command: ${e.message}`);
    }
  }
  const args = ['npx sse-conformance cleanup', `--run ${res.runId}`];
  if (flags.envFile) args.push(`--env-file ${word(flags.envFile)}`);
  if (flags.caFile) args.push(`--ca-file ${word(flags.caFile)}`);
  if (flags.insecure) args.push('--insecure');
  out.push(`what the run wrote stays under ${sq(`${keyRootOf(target)}${res.runId}/`)} for the command (its source objects, its upload); delete it with: ${args.join(' ')}`);
  return out;
}

/** An accepted request whose upload is gone: sent again, it names an upload the endpoint no longer knows. */
function consumedUpload(c: Case, cell: CaseResult): string | undefined {
  const accepted = cell.observed.status >= 200 && cell.observed.status < 300;
  if (!accepted) return undefined;
  if (c.operation === 'complete-multipart-upload') return 'this request completed its upload: sent again, it names an upload that is gone (S3 answers 404 NoSuchUpload)';
  if (c.operation === 'upload-part' || c.operation === 'upload-part-copy') {
    return 'the harness completed this upload to verify the accepted part: sent again, the request names an upload that is gone (S3 answers 404 NoSuchUpload)';
  }
  return undefined;
}
