import { createHmac } from 'node:crypto';
import type { Stage } from '../pipeline-types.js';
import { readField, scalarText, writeField } from './field-path.js';
import type { PseudonymizeConfig } from './record-schema.js';
import { recordStage } from './record-stage.js';

/** HMAC-SHA256 of the value's text under the salt, in hex: stable for one salt, unguessable without it. */
export function pseudonym(value: string, salt: string, prefix = ''): string {
  return prefix + createHmac('sha256', salt).update(value, 'utf8').digest('hex');
}

/**
 * Replaces identifier fields by pseudonyms. Runs before grouping, so group keys and transcript data only ever
 * hold the pseudonym. A value that is not a scalar (an object, an array) rejects the record rather than being
 * sent raw. Missing and null values stay as they are.
 */
export function pseudonymizeStage(config: PseudonymizeConfig): Stage {
  return recordStage((item) => {
    let data = item.data;
    for (const field of config.fields) {
      const value = readField(data, field);
      if (value === undefined || value === null) continue;
      const text = scalarText(value);
      if (text === undefined) {
        return { status: 'rejected', field, reason: `${field} cannot be pseudonymized: expected text or a number` };
      }
      data = writeField(data, field, pseudonym(text, config.salt, config.prefix));
    }
    return { data };
  });
}
