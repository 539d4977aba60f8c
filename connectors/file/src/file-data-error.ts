/** A problem with a file's content that ends its read; the source turns it into a SourceReadError. */
export class FileDataError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'FileDataError';
  }
}
