export { fileSource } from './file-source-definition.js';
export { FileSource } from './file-source.js';
export { fileConfigSchema } from './config.js';
export type { CsvOptions, FileFormat, FileSourceConfig } from './config.js';
