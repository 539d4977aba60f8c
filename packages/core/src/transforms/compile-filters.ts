import { Context, isTruthy, Liquid, toValueSync, Value } from 'liquidjs';
import { ConfigError, errorMessage } from '../errors.js';
import { isEmptyValue, readField, scalarText } from './field-path.js';
import type { ExpressionFilter, FieldFilter, FilterConfig } from './filter-schema.js';
import { toEpochMillis } from './time-value.js';

/** A compiled filter: undefined keeps the record; otherwise how it ends and why. */
export type FilterVerdict = { status: 'filtered' | 'rejected'; reason: string; field?: string } | undefined;
export type CompiledFilter = (data: Record<string, unknown>) => FilterVerdict;

export interface CompileFiltersOptions {
  /** The Liquid engine of the mapping, so filters see the same custom filters; a strict default otherwise. */
  liquid?: Liquid;
  /** Config path of the list, for error messages. */
  path?: string;
}

/** Compiles every filter once; a broken expression is a config error naming its path. */
export function compileFilters(filters: readonly FilterConfig[], options: CompileFiltersOptions = {}): CompiledFilter[] {
  const liquid = options.liquid ?? new Liquid({ strictFilters: true });
  const path = options.path ?? 'filters';
  return filters.map((filter, i) =>
    'skip_if' in filter ? compileExpression(filter, liquid, `${path}[${i}].skip_if`) : compileFieldFilter(filter),
  );
}

function compileExpression(filter: ExpressionFilter, liquid: Liquid, path: string): CompiledFilter {
  let value: Value;
  try {
    value = new Value(filter.skip_if, liquid);
  } catch (error) {
    throw new ConfigError(`${path}: cannot parse the expression`, [{ path, message: errorMessage(error) }], {
      hint: 'write a Liquid expression such as `content == blank` or `role == "system"`',
      cause: error,
    });
  }
  const reason = filter.reason ?? `skip_if: ${filter.skip_if}`;
  return (data) => {
    let result: unknown;
    let context: Context;
    try {
      context = new Context(data, liquid.options, {}, { liquid });
      result = toValueSync(value.value(context));
    } catch (error) {
      return { status: 'rejected', reason: `${path} could not be evaluated: ${errorMessage(error)}` };
    }
    return isTruthy(result, context) ? { status: 'filtered', reason } : undefined;
  };
}

function compileFieldFilter(filter: FieldFilter): CompiledFilter {
  const { field } = filter;
  const tests: Array<(value: unknown) => FilterVerdict> = [];
  const filtered = (reason: string): FilterVerdict => ({ status: 'filtered', field, reason: filter.reason ?? reason });

  if (filter.empty) tests.push((value) => (isEmptyValue(value) ? filtered(`${field} is empty`) : undefined));
  if (filter.in) {
    const listed = new Set(filter.in.map(String));
    tests.push((value) => {
      const text = comparable(value);
      return listed.has(text) ? filtered(`${field} '${text}' is excluded by a filter`) : undefined;
    });
  }
  if (filter.not_in) {
    const listed = new Set(filter.not_in.map(String));
    const shown = filter.not_in.map(String).join(', ');
    tests.push((value) => (listed.has(comparable(value)) ? undefined : filtered(`${field} is not one of [${shown}]`)));
  }
  if (filter.before !== undefined || filter.after !== undefined) {
    const before = filter.before === undefined ? undefined : toEpochMillis(filter.before);
    const after = filter.after === undefined ? undefined : toEpochMillis(filter.after);
    tests.push((value) => {
      const at = toEpochMillis(value);
      if (at === undefined) {
        return { status: 'rejected', field, reason: `${field} holds no readable date/time, so the date filter cannot apply` };
      }
      if (before !== undefined && at < before) return filtered(`${field} is before ${filter.before}`);
      if (after !== undefined && at > after) return filtered(`${field} is after ${filter.after}`);
      return undefined;
    });
  }
  return (data) => {
    const value = readField(data, field);
    for (const test of tests) {
      const verdict = test(value);
      if (verdict) return verdict;
    }
    return undefined;
  };
}

/** Config lists are scalars compared as text; a null in the list matches a missing or null value. */
function comparable(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return scalarText(value) ?? JSON.stringify(value);
}
