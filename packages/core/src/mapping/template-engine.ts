import { Liquid, Output } from 'liquidjs';
import type { Template } from 'liquidjs';

/**
 * LiquidJS set up for mappings: unknown variables and filters are errors (a typo is reported, not rendered
 * empty), `{{ x | default: "y" }}` and `{% if x %}` still tolerate a missing key, nothing is HTML-escaped, and
 * `include`/`render` find no partials (an empty in-memory file system: a mapping never reads files).
 */
const options = {
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  outputEscape: undefined,
  templates: {},
} as const;

const textEngine = new Liquid(options);
/** For a template that is a single `{{ expression }}`: returns the value itself, not its text. */
const valueEngine = new Liquid({ ...options, keepOutputType: true });

export interface CompiledTemplate {
  /** True when the template is one `{{ expression }}`: `render` then returns the raw value (Date, number, null). */
  readonly isSingleExpression: boolean;
  /** Renders synchronously; throws the LiquidJS error (e.g. an undefined variable) as is. */
  render(data: Record<string, unknown>): unknown;
}

/** True when the string holds Liquid markup; anything else is a constant. */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Parses once; throws the LiquidJS parse error (its message names line and column). */
export function compileTemplate(source: string): CompiledTemplate {
  const parsed = textEngine.parse(source);
  if (parsed.length === 1 && parsed[0] instanceof Output) {
    const single: Template[] = valueEngine.parse(source);
    return { isSingleExpression: true, render: (data) => valueEngine.renderSync(single, data) as unknown };
  }
  return { isSingleExpression: false, render: (data) => textEngine.renderSync(parsed, data) as unknown };
}

/** LiquidJS messages end with the position (`, line:1, col:9`); kept, since they point into the template. */
export function templateErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
