import * as fs from 'node:fs';
import * as path from 'node:path';

// `--report-dir` names a folder that may hold the user's own files: the tool writes <run-id>/ and
// replaces latest/ there, and must never wipe a `latest` it did not write.

/** Written into latest/ with each report set: marks it as this tool's to replace (<run-id>/ folders are never replaced). */
export const REPORT_MARKER = '.sse-conformance-report';
/** The files a report set holds; a latest/ of only these (results.json among them) predates the marker. */
const REPORT_FILES = new Set(['results.json', 'junit.xml', 'summary.md', 'index.html', REPORT_MARKER]);

export class ReportDirError extends Error {}

/** Why `<root>/latest` must not be replaced, or null when it may be (absent, a link, or a report set). */
export function latestProblem(root: string): string | null {
  const latest = path.join(root, 'latest');
  let st: fs.Stats;
  try {
    st = fs.lstatSync(latest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `${latest}: cannot inspect it (${(e as NodeJS.ErrnoException).code})`;
  }
  if (st.isSymbolicLink()) return null;
  const refuse = `${latest} exists and was not written by sse-conformance; move it away or choose another --report-dir`;
  if (!st.isDirectory()) return refuse;
  const entries = fs.readdirSync(latest);
  if (entries.includes(REPORT_MARKER)) return null;
  if (entries.includes('results.json') && entries.every((e) => REPORT_FILES.has(e))) return null;
  return refuse;
}

/**
 * Checks, before any request, that reports can be written: the root is (or can be made) a folder we
 * can create files in, and its latest/ is ours to replace. Throws one line naming --report-dir.
 */
export function checkReportDir(root: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ReportDirError(`--report-dir: ${root}: cannot use it (${code})`);
  }
  if (st && !st.isDirectory()) throw new ReportDirError(`--report-dir: ${root} is not a folder`);
  if (!st) {
    try {
      mkdirs(path.resolve(root));
    } catch (e) {
      throw new ReportDirError(`--report-dir: cannot create ${root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  // A real write, not access(): /proc and read-only mounts answer access() in ways that do not hold.
  const probe = path.join(root, `.sse-conformance-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.mkdirSync(`${probe}.d`);
    fs.rmdirSync(`${probe}.d`);
  } catch (e) {
    throw new ReportDirError(`--report-dir: cannot write in ${root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    fs.rmSync(probe, { force: true });
  }
  const problem = latestProblem(root);
  if (problem) throw new ReportDirError(`--report-dir: ${problem}`);
}

/**
 * mkdir -p, one level at a time. Node's recursive mkdirSync never returns for a path under a
 * folder that refuses new entries with ENOENT (/proc/nope/x): it retries the parent forever.
 */
function mkdirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) fs.mkdirSync(d);
}

/** Removes `<root>/latest` so a new report set can be written there; false (nothing touched) when it is not ours. */
export function clearLatest(root: string): boolean {
  if (latestProblem(root) !== null) return false;
  const latest = path.join(root, 'latest');
  const st = fs.lstatSync(latest, { throwIfNoEntry: false });
  if (!st) return true;
  // A link is removed, never followed: what it points to is not ours.
  if (st.isSymbolicLink()) fs.unlinkSync(latest);
  else fs.rmSync(latest, { recursive: true, force: true });
  return true;
}

/** Marks a written report set as this tool's. */
export function markReportSet(dir: string): void {
  fs.writeFileSync(path.join(dir, REPORT_MARKER), 'written by sse-conformance; the folder is replaced by the next run\n');
}
