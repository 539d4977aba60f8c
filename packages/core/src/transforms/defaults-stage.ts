import type { Stage } from '../pipeline-types.js';
import type { DefaultsConfig } from './record-schema.js';
import { recordStage } from './record-stage.js';

/** Fills fields that are missing or null with configured values (top-level keys, as written in the config). */
export function defaultsStage(defaults: DefaultsConfig): Stage {
  const entries = Object.entries(defaults);
  return recordStage((item) => {
    let data = item.data;
    for (const [field, value] of entries) {
      if (data[field] === undefined || data[field] === null) {
        if (data === item.data) data = { ...data };
        data[field] = structuredClone(value);
      }
    }
    return { data };
  });
}
