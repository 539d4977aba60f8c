/** Emulator options that cannot work. Same `code`/`hint` shape as every error of synap-etl. */
export class EmulatorConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly hint: string;
  constructor(message: string, hint = 'fix the emulator options') {
    super(message);
    this.name = 'EmulatorConfigError';
    this.hint = hint;
  }
}

/** The journal in `dataDir` cannot be read or written. */
export class EmulatorStorageError extends Error {
  readonly code = 'STATE';
  readonly hint: string;
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmulatorStorageError';
    this.hint = options.hint ?? 'check that the emulator data directory is writable, or start with an empty one';
  }
}
