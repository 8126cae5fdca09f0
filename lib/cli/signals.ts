// SIGINT (Ctrl-C) and SIGTERM (CI runners, `timeout`, `kill`) stop a command the same way: the first
// aborts its work (cells in flight finish, cleanup runs) and says so; a second of either kind quits at
// once. The exit code is 128 + the signal's number.

export const signalExit = (s: NodeJS.Signals): number => (s === 'SIGTERM' ? 143 : 130);

export interface SignalStop {
  /** Aborted by the first signal. */
  signal: AbortSignal;
  /** The first signal received, if any. */
  signalled(): NodeJS.Signals | undefined;
  /** Stops listening. */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until dispose(); `say(signal)` is the line printed at the first. */
export function stopOnSignals(say: (signal: NodeJS.Signals) => string): SignalStop {
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first) process.exit(signalExit(signal));
    first = signal;
    controller.abort();
    process.stderr.write(`\ninterrupted${signal === 'SIGINT' ? '' : ` by ${signal}`}: ${say(signal)}\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    signalled: () => first,
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}
