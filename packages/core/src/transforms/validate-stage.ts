import type { Stage } from '../pipeline-types.js';
import { readField } from './field-path.js';
import type { ValidateConfig, ValidationKind } from './record-schema.js';
import { recordStage } from './record-stage.js';
import { toEpochMillis } from './time-value.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHECKS: Record<ValidationKind, { test: (value: unknown) => boolean; expected: string }> = {
  uuid: { test: (value) => typeof value === 'string' && UUID.test(value), expected: 'a UUID (8-4-4-4-12 hex digits)' },
  datetime: { test: (value) => toEpochMillis(value) !== undefined, expected: 'a date/time' },
};

/**
 * Rejects records whose fields do not have the declared shape, before anything is sent, with the field named.
 * The value itself is not echoed: it may be personal data, and reasons end up in the ledger.
 */
export function validateStage(config: ValidateConfig): Stage {
  const checks = Object.entries(config).map(([field, kind]) => ({ field, ...CHECKS[kind] }));
  return recordStage((item) => {
    for (const check of checks) {
      const value = readField(item.data, check.field);
      if (value === undefined || value === null) {
        return { status: 'rejected', field: check.field, reason: `${check.field} is missing; expected ${check.expected}` };
      }
      if (!check.test(value)) {
        return { status: 'rejected', field: check.field, reason: `${check.field} is not ${check.expected}` };
      }
    }
    return { data: item.data };
  });
}
