import { z } from 'zod';

export const defaultsSchema = z
  .record(z.string(), z.json())
  .describe('Values for fields that are missing or null in a record, e.g. `{ customer_id: acme }`. Applied first, so filters and grouping see them.');

export const PSEUDONYM_SALT_MIN = 16;

export const pseudonymizeSchema = z
  .strictObject({
    fields: z
      .array(z.string().min(1))
      .min(1)
      .describe('Fields replaced by a pseudonym, e.g. `[user_id]`; dotted paths reach nested values. Missing or null values stay as they are.'),
    salt: z
      .string()
      .min(PSEUDONYM_SALT_MIN)
      .describe(
        `Secret key of the keyed hash (at least ${PSEUDONYM_SALT_MIN} characters). Keep it stable: the same salt maps the same ` +
          'id to the same pseudonym across runs. Use ${PSEUDONYM_SALT} rather than a literal.',
      )
      .meta({ secret: true }),
    prefix: z.string().default('').describe('Text put before every pseudonym, e.g. `u_`.'),
  })
  .describe('Replace identifiers a team may not send by HMAC-SHA256(salt, value) in hex, so one user stays one user in Synap.');

export const VALIDATION_KINDS = ['uuid', 'datetime'] as const;

export const validateSchema = z
  .record(z.string(), z.enum(VALIDATION_KINDS))
  .describe(
    'Field checks: `uuid` (Synap requires UUID conversation ids) or `datetime` (a readable time). ' +
      'A record whose value is missing or does not pass is rejected with the reason.',
  );

export type DefaultsConfig = z.output<typeof defaultsSchema>;
export type PseudonymizeConfig = z.output<typeof pseudonymizeSchema>;
export type ValidateConfig = z.output<typeof validateSchema>;
export type ValidationKind = (typeof VALIDATION_KINDS)[number];
