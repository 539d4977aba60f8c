import type { Logger } from '@synap-etl/core';

export interface SignalHandles {
  /** First SIGINT/SIGTERM: stop reading, let in-flight batches finish, save state. */
  graceful: AbortSignal;
  /** Second signal: cancel in-flight batches and exit at once; committed state stays consistent. */
  hard: AbortSignal;
  dispose(): void;
}

export function installSignalHandlers(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): SignalHandles {
  const graceful = new AbortController();
  const hard = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!graceful.signal.aborted) {
      logger.warn(`${signal}: stopping after in-flight batches (press Ctrl-C again to exit at once)`);
      graceful.abort();
      return;
    }
    logger.warn(`${signal} again: exiting now; state keeps the last committed checkpoint`);
    hard.abort();
    exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    graceful: graceful.signal,
    hard: hard.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
