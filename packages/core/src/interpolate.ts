import { ConfigError } from './errors.js';

/**
 * `${VAR}` and `${VAR:-default}` in string values of a parsed config, resolved from `env`.
 * Interpolation runs on parsed values, never on YAML text, so a variable's value cannot inject YAML structure.
 * `$${` escapes a literal `${`. An unset variable without default is an error naming the config path.
 */
const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-((?:[^}\\]|\\.)*))?\}/g;

export interface InterpolationResult<T> {
  value: T;
  /** Names of the variables that were used, e.g. to tell the user which ones a config needs. */
  used: Set<string>;
}

export function interpolateEnv<T>(input: T, env: NodeJS.ProcessEnv): InterpolationResult<T> {
  const used = new Set<string>();
  const missing: Array<{ path: string; name: string }> = [];

  const visit = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') return interpolateString(value, env, path, used, missing);
    if (Array.isArray(value)) return value.map((item, i) => visit(item, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = visit(v, path ? `${path}.${k}` : k);
      return out;
    }
    return value;
  };

  const value = visit(input, '') as T;
  if (missing.length > 0) {
    throw new ConfigError(
      `environment variable${missing.length > 1 ? 's' : ''} not set: ${[...new Set(missing.map((m) => m.name))].join(', ')}`,
      missing.map((m) => ({ path: m.path, message: `\${${m.name}} is not set and has no default` })),
      { hint: 'export the variable, or give a default with ${NAME:-default}' },
    );
  }
  return { value, used };
}

function interpolateString(
  text: string,
  env: NodeJS.ProcessEnv,
  path: string,
  used: Set<string>,
  missing: Array<{ path: string; name: string }>,
): string {
  return text.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const variable = name as string;
    used.add(variable);
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (fallback !== undefined) return fallback.replace(/\\(.)/g, '$1');
    missing.push({ path, name: variable });
    return match;
  });
}
