import { z } from 'zod';

export const DEFAULT_TRUNCATION_MARKER = '\n[… truncated by synap-etl]';

/** Why a user pattern cannot be used, or undefined when it compiles and cannot match empty text. */
export function patternProblem(regex: string, flags = ''): string | undefined {
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex, flags);
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  return compiled.test('') ? 'the pattern matches empty text; it must match at least one character' : undefined;
}

const patternSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').describe('Names the pattern in messages and the default replacement `[name]`.'),
    regex: z.string().min(1).describe('A JavaScript regular expression, e.g. `TCK-\\d+`. Every match is replaced.'),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only i, m, s and u are allowed (g is implied)')
      .default('')
      .describe('Regular expression flags: i (ignore case), m, s, u.'),
    replacement: z
      .string()
      .optional()
      .describe('Text put in place of a match (`$1` refers to a capture group). Default: `[name]`.'),
  })
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern.regex, pattern.flags);
    if (problem) ctx.addIssue({ code: 'custom', path: ['regex'], message: problem });
  });

export const redactSchema = z
  .strictObject({
    emails: z.boolean().default(false).describe('Replace email addresses by `[email]`.'),
    phones: z
      .boolean()
      .default(false)
      .describe(
        'Replace phone numbers by `[phone]`: international (+44 20 7946 0958), North American ((555) 123-4567) and ' +
          'trunk-0 national formats (020 7946 0958, 06 12 34 56 78). Dates, times, versions, IP addresses, order ' +
          'numbers (#100234, ORD-2024-000123) and bare digit runs are left alone.',
      ),
    cards: z
      .boolean()
      .default(false)
      .describe('Replace payment card numbers (13-19 digits, spaces or dashes allowed, Luhn-checked) by `[card]`.'),
    patterns: z.array(patternSchema).default([]).describe('Your own patterns, applied before the built-in ones.'),
    metadata: z.boolean().default(true).describe('Also redact string values inside `metadata`.'),
  })
  .describe('Opt-in removal of personal data from documents before they leave: nothing is redacted unless switched on here.');

export const truncateSchema = z
  .strictObject({
    max_chars: z.number().int().min(1).describe('Longest document text sent, marker included.'),
    marker: z
      .string()
      .default(DEFAULT_TRUNCATION_MARKER)
      .describe('Appended to a cut document so readers see it was cut; must be shorter than max_chars.'),
  })
  .refine((t) => t.marker.length < t.max_chars, { message: 'marker must be shorter than max_chars', path: ['marker'] })
  .describe('Cut documents longer than max_chars, visibly. Applied last, after redaction and whitespace normalisation.');

export const normalizeWhitespaceSchema = z
  .boolean()
  .describe(
    'Tidy document text: CRLF to LF, runs of spaces, tabs and no-break spaces to one space, no blanks at the start or end ' +
      'of a line, at most one blank line in a row, no zero-width characters.',
  );

export type RedactConfig = z.output<typeof redactSchema>;
export type TruncateConfig = z.output<typeof truncateSchema>;
