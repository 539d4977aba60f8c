import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, SynapAuthError, SynapClient, SynapConfigError, resolveClientOptions } from '../src/index.js';

describe('resolveClientOptions', () => {
  it('takes credentials and base URL from the environment when options leave them out', () => {
    const resolved = resolveClientOptions(
      {},
      { SYNAP_API_KEY: 'sk_env', SYNAP_INSTANCE_ID: 'inst_0123456789abcdef', SYNAP_BASE_URL: 'http://127.0.0.1:9999/' },
    );
    expect(resolved.apiKey).toBe('sk_env');
    expect(resolved.instanceId).toBe('inst_0123456789abcdef');
    expect(resolved.baseUrl).toBe('http://127.0.0.1:9999');
  });

  it('prefers explicit options over the environment', () => {
    const resolved = resolveClientOptions(
      { apiKey: 'sk_opt', instanceId: 'inst_opt', baseUrl: 'https://example.test' },
      { SYNAP_API_KEY: 'sk_env', SYNAP_INSTANCE_ID: 'inst_env', SYNAP_BASE_URL: 'http://env.test' },
    );
    expect([resolved.apiKey, resolved.instanceId, resolved.baseUrl]).toEqual(['sk_opt', 'inst_opt', 'https://example.test']);
  });

  it('applies the documented defaults', () => {
    const resolved = resolveClientOptions({ apiKey: 'sk' }, {});
    expect(resolved.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(resolved.pathPrefix).toBe('/api/v1');
    expect(resolved.timeoutMs).toBe(30_000);
    expect(resolved.connections).toBe(8);
    expect(resolved.retry).toEqual({ attempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.25 });
    expect(resolved.instanceId).toBe('');
    expect(resolved.clientId).toBe('');
  });

  it('merges a partial retry policy over the defaults and normalises the prefix', () => {
    const resolved = resolveClientOptions({ apiKey: 'sk', retry: { attempts: 5 }, pathPrefix: 'v2/' }, {});
    expect(resolved.retry).toEqual({ attempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.25 });
    expect(resolved.pathPrefix).toBe('/v2');
  });

  it('treats an empty SYNAP_API_KEY as missing and fails with SYNAP_AUTH', () => {
    const attempt = () => resolveClientOptions({}, { SYNAP_API_KEY: '  ' });
    expect(attempt).toThrow(SynapAuthError);
    try {
      attempt();
    } catch (error) {
      expect((error as SynapAuthError).code).toBe('SYNAP_AUTH');
      expect((error as SynapAuthError).hint).toMatch(/SYNAP_API_KEY/);
    }
  });

  it('refuses a client without an API key before any request is made', () => {
    expect(() => new SynapClient({ baseUrl: 'http://127.0.0.1:1' }, {})).toThrow(/SYNAP_API_KEY/);
  });

  it('rejects unusable settings with a typed config error', () => {
    expect(() => resolveClientOptions({ apiKey: 'sk', retry: { attempts: 0 } }, {})).toThrow(SynapConfigError);
    expect(() => resolveClientOptions({ apiKey: 'sk', retry: { jitter: 2 } }, {})).toThrow(SynapConfigError);
    expect(() => resolveClientOptions({ apiKey: 'sk', baseUrl: 'ftp://host' }, {})).toThrow(/http or https/);
    expect(() => resolveClientOptions({ apiKey: 'sk', timeoutMs: 0 }, {})).toThrow(SynapConfigError);
  });

  it('does not echo a malformed base URL, which may carry a password', () => {
    expect(() => resolveClientOptions({ apiKey: 'sk', baseUrl: 'not a url with s3cret' }, {})).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });

  it('exposes settings and base URL without the API key or URL credentials', () => {
    const client = new SynapClient({ apiKey: 'sk_hidden_value', baseUrl: 'https://user:pw@example.test/x' }, {});
    expect(JSON.stringify(client.settings)).not.toContain('sk_hidden_value');
    expect(client.baseUrl).toBe('https://example.test/x');
    return client.close();
  });
});
