import type { ConfigIssue } from '../errors.js';
import { chooseCoercer } from './coercers.js';
import type { Coercer, FieldKind } from './coercers.js';
import { compileFieldPath, MISSING } from './field-path.js';
import type { FieldReader } from './field-path.js';
import { CoercionError, FieldRejection, fieldList } from './rejection.js';
import type { FieldSpec } from './schema.js';
import { compileTemplate, isTemplate, templateErrorMessage } from './template-engine.js';

/** What a field evaluates to when it has no value for a record: the field is left out of the request. */
export const ABSENT: unique symbol = Symbol('absent');

export interface CompiledField {
  /** Request path: `document_created_at`, `metadata.turn`. */
  readonly path: string;
  /** The coerced value, or ABSENT. Throws `FieldRejection` when the record cannot be mapped. */
  evaluate(data: Record<string, unknown>): unknown;
}

export interface FieldSetup {
  path: string;
  kind: FieldKind;
  /** `mapping.timezone`, used when the spec has no `timezone` of its own. */
  timezone: string | undefined;
  /** Config problems are collected here (path `mapping.<path>...`) instead of thrown, to report them all at once. */
  issues: ConfigIssue[];
}

/** Null, undefined and blank strings count as "no value": the default applies, or the field is left out. */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

export function compileField(spec: FieldSpec, setup: FieldSetup): CompiledField | undefined {
  const { path, issues } = setup;
  const object = typeof spec === 'object' ? spec : undefined;
  const configPath = `mapping.${path}`;
  const source: { field?: string; template?: string; value?: unknown } =
    object ?? (typeof spec === 'string' && isTemplate(spec) ? { template: spec } : { value: spec });

  let template: ReturnType<typeof compileTemplate> | undefined;
  if (source.template !== undefined) {
    try {
      template = compileTemplate(source.template);
    } catch (error) {
      issues.push({ path: object ? `${configPath}.template` : configPath, message: `template error: ${templateErrorMessage(error)}` });
      return undefined;
    }
  }

  const coerce = chooseCoercer({
    kind: setup.kind,
    type: object?.type,
    rendersText: template !== undefined && !template.isSingleExpression,
    zone: object?.timezone ?? setup.timezone,
  });
  if (typeof coerce === 'string') {
    issues.push({ path: `${configPath}.type`, message: coerce });
    return undefined;
  }
  if (object?.timezone !== undefined && object.type !== 'timestamp' && setup.kind !== 'timestamp') {
    issues.push({ path: `${configPath}.timezone`, message: '`timezone` applies to timestamps only; add `type: timestamp`' });
  }

  const hasDefault = object?.default !== undefined;
  const fallback = hasDefault ? constant(object?.default, coerce, `${configPath}.default`, issues) : ABSENT;
  if (source.value !== undefined) {
    const value = isEmpty(source.value) ? fallback : constant(source.value, coerce, object ? `${configPath}.value` : configPath, issues);
    if (setup.kind === 'document' && value === ABSENT) issues.push({ path: configPath, message: 'document is empty' });
    return { path, evaluate: () => value };
  }

  const read: FieldReader = template ? readTemplate(template.render, path) : compileFieldPath(source.field ?? '');
  const fieldName = source.field;
  return {
    path,
    evaluate(data) {
      const raw = read(data);
      if (raw === MISSING) {
        if (hasDefault) return fallback;
        throw new FieldRejection(
          path,
          `${path}: the record has no field "${fieldName}" (record fields: ${fieldList(data)}); add \`default:\` if it may be missing`,
        );
      }
      if (isEmpty(raw)) return fallback;
      return coerceOrReject(coerce, raw, path);
    },
  };
}

function readTemplate(render: (data: Record<string, unknown>) => unknown, path: string): FieldReader {
  return (data) => {
    try {
      return render(data);
    } catch (error) {
      const fields = error instanceof Error && error.name === 'UndefinedVariableError' ? ` (record fields: ${fieldList(data)})` : '';
      throw new FieldRejection(path, `${path}: template error: ${templateErrorMessage(error)}${fields}`);
    }
  };
}

function coerceOrReject(coerce: Coercer, raw: unknown, path: string): unknown {
  try {
    return coerce(raw);
  } catch (error) {
    // Driver objects can throw from toJSON/toString too: still this record's problem, not the run's.
    throw new FieldRejection(path, `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Constants are coerced once, at compile time; a constant that cannot be coerced is a config error. */
function constant(value: unknown, coerce: Coercer, configPath: string, issues: ConfigIssue[]): unknown {
  if (isEmpty(value)) return ABSENT;
  try {
    return coerce(value);
  } catch (error) {
    if (!(error instanceof CoercionError)) throw error;
    issues.push({ path: configPath, message: error.message });
    return ABSENT;
  }
}
