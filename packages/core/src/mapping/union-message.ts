import type { z } from 'zod';

/** Options of a field-spec union, in this order: constant, object spec, and (metadata only) nested map. */
const SPEC_BRANCH = 1;
const NESTED_BRANCH = 2;
const SELECTORS = ['field', 'template', 'value'];

const EXPECTED =
  'expected a template string, a constant (string, number, boolean), or an object with one of `field`, `template`, `value`';

/**
 * Zod reports a failed union as "Invalid input" plus every branch's errors. A field spec's branches are told
 * apart by the input's shape, so this picks the branch the user meant and reports its errors.
 */
export function unionMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) return undefined;
  const input = issue.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return EXPECTED;
  const isSpec = SELECTORS.some((key) => key in input) || issue.errors.length <= NESTED_BRANCH;
  const branch = issue.errors[isSpec ? SPEC_BRANCH : NESTED_BRANCH];
  if (!branch || branch.length === 0) return EXPECTED;
  return branch.map(describe).join('; ');
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
