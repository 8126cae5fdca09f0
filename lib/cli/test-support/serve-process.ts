// `sse-conformance serve` as a separate process, for tests that run the CLI as a user does: started
// on free ports, its JSON line read, an env file written that points `run` at it, stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envTextFor, type ServeLine } from '../serve-line';

export const BIN = path.resolve(__dirname, '../../../bin/sse-conformance.js');

export interface ServeProcess {
  proc: ChildProcess;
  line: ServeLine;
  /** The env file that points the harness at it. */
  env: string;
  stop(): Promise<void>;
}

/** Starts `serve` with `args`; its env file goes to `envFile`. */
export async function startServeProcess(args: string[], envFile: string): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--http-port', '0', '--https-port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const text = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
    });
    proc.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const line = JSON.parse(text) as ServeLine;
  fs.writeFileSync(envFile, envTextFor(line));
  return {
    proc,
    line,
    env: envFile,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}
