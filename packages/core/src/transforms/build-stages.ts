import type { Liquid } from 'liquidjs';
import { ConfigError } from '../errors.js';
import type { Stage } from '../pipeline-types.js';
import { compileFilters } from './compile-filters.js';
import type { TransformsConfig } from './config-schema.js';
import { defaultsStage } from './defaults-stage.js';
import { filterStage } from './filter-stage.js';
import { groupStage } from './group-stage.js';
import { pseudonymizeStage } from './pseudonymize-stage.js';
import { unwindStage } from './unwind-stage.js';
import { validateStage } from './validate-stage.js';

export interface BuildStagesOptions {
  /** The mapping's Liquid engine, so `skip_if` expressions see the same filters as templates. */
  liquid?: Liquid;
}

/**
 * The record stages of a config, in order:
 * 1. defaults: fill missing fields first, so every later step sees them;
 * 2. filters: drop what is not wanted before it can be rejected or grouped;
 * 3. validate: on raw values (a UUID check must see the id, not its pseudonym);
 * 4. pseudonymize: before grouping, so group data and transcripts only ever hold pseudonyms;
 * 5. group or unwind: records into transcript windows.
 * Every stage is built (filters and patterns compiled) now, so config errors surface before a run starts.
 */
export function buildStages(config: TransformsConfig, options: BuildStagesOptions = {}): Stage[] {
  if (config.group && config.unwind) {
    throw new ConfigError('group and unwind cannot both be set', [{ path: 'unwind', message: 'remove either group or unwind' }], {
      hint: 'use group for one row per message, unwind for one record per conversation holding a messages array',
    });
  }
  const stages: Stage[] = [];
  if (config.defaults && Object.keys(config.defaults).length > 0) stages.push(defaultsStage(config.defaults));
  if (config.filters && config.filters.length > 0) {
    stages.push(filterStage(compileFilters(config.filters, options.liquid ? { liquid: options.liquid } : {})));
  }
  if (config.validate && Object.keys(config.validate).length > 0) stages.push(validateStage(config.validate));
  if (config.pseudonymize) stages.push(pseudonymizeStage(config.pseudonymize));
  if (config.group) stages.push(groupStage(config.group));
  if (config.unwind) stages.push(unwindStage(config.unwind));
  return stages;
}
