import type { RunSummary, SecretSet } from '@synap-etl/core';
import { EXIT, exitCodeForError } from './exit-codes.js';
import { formatError } from './format-error.js';

/** Exit code of a run that stopped early (failed or interrupted), after printing why; undefined when it finished. */
export function stoppedRunExitCode(summary: RunSummary, stderr: (text: string) => void, secrets: SecretSet): number | undefined {
  if (summary.status === 'failed') {
    stderr(formatError(summary.error, secrets));
    return exitCodeForError(summary.error) === EXIT.internal ? EXIT.internal : EXIT.stopped;
  }
  if (summary.status === 'interrupted') return EXIT.interrupted;
  return undefined;
}
