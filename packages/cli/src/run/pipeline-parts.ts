import { buildDocumentTransform, buildStages, compileMapping, mappingHash } from '@synap-etl/core';
import type { CreateMemoryRequest } from '@synap-etl/synap-client';
import type { Mapper, Stage } from '@synap-etl/core';
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../config/pipeline-schema.js';

export interface PipelineParts {
  mapper: Mapper;
  stages: Stage[];
  documentTransform: ((request: CreateMemoryRequest) => CreateMemoryRequest) | undefined;
  /** Changes when anything that shapes documents changes (mapping and transforms). */
  mappingHash: string;
}

const SHAPING_KEYS = ['filters', 'defaults', 'pseudonymize', 'validate', 'group', 'unwind', 'redact', 'normalize_whitespace', 'truncate'] as const;

export function buildPipelineParts(config: PipelineConfig): PipelineParts {
  const shaping = Object.fromEntries(SHAPING_KEYS.filter((k) => k in config).map((k) => [k, (config as Record<string, unknown>)[k]]));
  return {
    mapper: compileMapping(config.mapping, { pipeline: config.pipeline, scope: config.scope }),
    stages: buildStages(shaping),
    documentTransform: buildDocumentTransform(shaping),
    mappingHash: createHash('sha256')
      .update(mappingHash(config.mapping))
      .update(canonical(shaping))
      .update(config.scope)
      .digest('hex')
      .slice(0, 32),
  };
}

export function configHash(document: Record<string, unknown>): string {
  return createHash('sha256').update(canonical(document)).digest('hex').slice(0, 32);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
