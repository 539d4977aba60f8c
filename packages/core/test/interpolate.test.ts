import { describe, expect, it } from 'vitest';
import { ConfigError, interpolateEnv } from '@synap-etl/core';

describe('interpolateEnv', () => {
  it('substitutes ${VAR} and ${VAR:-default} in nested values, not in keys', () => {
    const { value, used } = interpolateEnv(
      { source: { connection: 'postgres://app:${PG_PASS}@${PG_HOST:-localhost}/chat' }, list: ['${A}', 1, true], '${A}': 'k' },
      { PG_PASS: 's3cret', A: 'a' },
    );
    expect(value).toEqual({ source: { connection: 'postgres://app:s3cret@localhost/chat' }, list: ['a', 1, true], '${A}': 'k' });
    expect([...used].sort()).toEqual(['A', 'PG_HOST', 'PG_PASS']);
  });

  it('keeps $${ as a literal and supports an empty default', () => {
    expect(interpolateEnv({ a: 'cost $${X} ${EMPTY:-}!' }, {}).value).toEqual({ a: 'cost ${X} !' });
  });

  it('names every missing variable and where it is used', () => {
    try {
      interpolateEnv({ synap: { api_key: '${SYNAP_API_KEY}' }, x: ['${NOPE}'] }, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.message).toContain('SYNAP_API_KEY');
      expect(e.issues.map((i) => i.path)).toEqual(['synap.api_key', 'x[0]']);
    }
  });
});
