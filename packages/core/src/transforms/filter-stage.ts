import type { Stage } from '../pipeline-types.js';
import type { CompiledFilter } from './compile-filters.js';
import { recordStage } from './record-stage.js';

/** Skips records by the first filter that holds; each one settles as filtered (or rejected) with its reason. */
export function filterStage(filters: readonly CompiledFilter[]): Stage {
  return recordStage((item) => {
    for (const filter of filters) {
      const verdict = filter(item.data);
      if (verdict) return verdict;
    }
    return { data: item.data };
  });
}
