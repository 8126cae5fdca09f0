// Runs an at-rest probe command. The contract (README, "Verified at rest"):
//   CMD [its own arguments...] BUCKET KEY
//   exit 0: the raw stored bytes of the object on stdout (every piece, concatenated, any order);
//   exit 3: the object is not found in the storage (the harness makes that ERROR, never PASS);
//   any other exit, a signal, the time limit or more than the size cap on stdout: the probe failed.
// Bucket and key are arguments of execve, never pasted into a shell string (a key is endpoint data).
import { spawn } from 'node:child_process';

export const NOT_FOUND_EXIT = 3;
/** Most stdout read from one probe call: the harness's objects are a few KiB, a stored copy a few times that. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Most stderr shown (it goes to the evidence, redacted). */
export const MAX_STDERR = 4096;
/**
 * Bytes of stderr read, far beyond what is shown: the caller redacts before it cuts to MAX_STDERR
 * (Redactor.excerpt), which may need the text well past the cut when what precedes it redacts short.
 */
export const STDERR_READ = 64 * 1024;

export type ProbeRead =
  | { kind: 'bytes'; bytes: Buffer; stderr: string }
  | { kind: 'not-found'; stderr: string }
  /** `bytes`: what was read before it failed (a capped answer is still searched: a plaintext found there is a fact). */
  | { kind: 'error'; message: string; stderr: string; bytes?: Buffer };

/**
 * Splits the configured command into words, as a shell would for plain words and '...' / "..."
 * quoting (no expansion of any kind). It is the user's own setting, never endpoint data.
 */
export function splitCommand(cmd: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && (cmd[i + 1] === '"' || cmd[i + 1] === '\\')) cur += cmd[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      inWord = true;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} quote`);
  if (inWord) words.push(cur);
  return words;
}

export interface CommandLimits {
  timeoutMs: number;
  maxBytes?: number;
}

/** One probe call: argv + [bucket, key], no shell, killed (its whole process group) at the time limit or the size cap. */
export function runProbeCommand(argv: string[], bucket: string, key: string, limits: CommandLimits): Promise<ProbeRead> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      // detached: its own process group, so that a script's children die with it at the limit.
      child = spawn(argv[0]!, [...argv.slice(1), bucket, key], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false });
    } catch (e) {
      resolve({ kind: 'error', message: `cannot start: ${(e as Error).message}`, stderr: '' });
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    const errChunks: Buffer[] = [];
    let errBytes = 0;
    let failure: string | undefined;
    let settled = false;
    const kill = (why: string) => {
      failure ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // A grandchild that escaped the group may hold the pipes open: stop waiting for them.
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => kill(`no answer within ${limits.timeoutMs} ms (killed)`), limits.timeoutMs);
    child.stdout!.on('data', (b: Buffer) => {
      const room = maxBytes - outBytes;
      if (room > 0) out.push(b.length > room ? b.subarray(0, room) : b);
      outBytes += b.length;
      if (outBytes > maxBytes) kill(`more than ${maxBytes} bytes on stdout (killed)`);
    });
    child.stderr!.on('data', (b: Buffer) => {
      // Kept as bytes and decoded once: a character split between two reads would decode as two U+FFFD.
      if (errBytes < STDERR_READ) errChunks.push(b.subarray(0, STDERR_READ - errBytes));
      errBytes += b.length;
    });
    child.stdout!.on('error', () => undefined);
    child.stderr!.on('error', () => undefined);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stderr = Buffer.concat(errChunks).toString('utf8');
      const bytes = Buffer.concat(out);
      if (spawnError) return resolve({ kind: 'error', message: `cannot start: ${spawnError.message}`, stderr });
      if (failure) return resolve({ kind: 'error', message: failure, stderr, bytes });
      if (code === 0) return resolve({ kind: 'bytes', bytes, stderr });
      if (code === NOT_FOUND_EXIT) return resolve({ kind: 'not-found', stderr });
      resolve({ kind: 'error', message: code === null ? `killed by ${signal}` : `exit ${code}`, stderr, bytes });
    };
    child.on('error', (e) => finish(null, null, e));
    // 'exit', not 'close': a grandchild holding stdout must not hold the harness (its output so far is what there is).
    child.on('exit', (code, signal) => {
      // Let the pipes drain what the process wrote before it exited.
      setImmediate(() => {
        if (!child.stdout!.readableEnded && !child.stdout!.destroyed) {
          child.stdout!.once('end', () => finish(code, signal));
          child.stdout!.once('close', () => finish(code, signal));
        } else finish(code, signal);
      });
    });
  });
}
