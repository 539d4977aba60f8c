import { fileSource } from '@synap-etl/connector-file';
import { mongoSource } from '@synap-etl/connector-mongo';
import { mysqlSource } from '@synap-etl/connector-mysql';
import { postgresSource } from '@synap-etl/connector-postgres';
import type { SourceDefinition } from '@synap-etl/core';
import { SourceRegistry } from './config/source-registry.js';

export const BUILTIN_SOURCES: readonly SourceDefinition[] = [
  fileSource as SourceDefinition,
  postgresSource as SourceDefinition,
  mysqlSource as SourceDefinition,
  mongoSource as SourceDefinition,
];

export function defaultRegistry(): SourceRegistry {
  return new SourceRegistry(BUILTIN_SOURCES);
}
