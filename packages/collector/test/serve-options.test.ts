import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../dist/serve-options.js';

describe('parseServeOptions', () => {
  it('takes defaults, then variables, then flags', () => {
    const defaults = parseServeOptions([], {});
    expect(defaults).toMatchObject({
      port: 4322,
      host: '127.0.0.1',
      manifests: [],
      manifestRefresh: 300,
      allowedOrigins: ['*'],
      statsToken: undefined,
      rateLimit: 600,
      trustProxy: false,
    });
    expect(defaults.db).toMatch(/\/sharecraft\.db$/);
    const env = {
      SHARECRAFT_DB: 'postgres://u:p@127.0.0.1:5432/stats',
      SHARECRAFT_PORT: '8080',
      SHARECRAFT_MANIFEST: 'a.json, https://blog.example/_sharecraft/manifest.json',
      SHARECRAFT_ALLOWED_ORIGINS: 'https://blog.example,https://www.blog.example',
      SHARECRAFT_STATS_TOKEN: 'a-token-of-sixteen+',
      SHARECRAFT_RATE_LIMIT: '0',
      SHARECRAFT_TRUST_PROXY: 'loopback',
      SHARECRAFT_MANIFEST_REFRESH: '0',
    };
    expect(parseServeOptions([], env)).toMatchObject({
      db: 'postgres://u:p@127.0.0.1:5432/stats',
      port: 8080,
      manifests: ['a.json', 'https://blog.example/_sharecraft/manifest.json'],
      allowedOrigins: ['https://blog.example', 'https://www.blog.example'],
      statsToken: 'a-token-of-sixteen+',
      rateLimit: 0,
      trustProxy: 'loopback',
      manifestRefresh: 0,
    });
    expect(parseServeOptions(['--port', '9000', '--trust-proxy', '10.0.0.1,::1'], env)).toMatchObject({
      port: 9000,
      trustProxy: ['10.0.0.1', '::1'],
    });
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number from 0 to 65535; got "70000"'],
    [['--rate-limit', '10'], '--rate-limit must be 0 (off) or at least 50, the size of one full batch; got 10'],
    [['--rate-limit', 'lots'], '--rate-limit must be a whole number from 0 to 1000000000; got "lots"'],
    [['--manifest-refresh=-1'], '--manifest-refresh must be a whole number from 0 to 86400; got "-1"'],
    [['--stats-token', 'short'], 'the stats token must be at least 16 characters; got 5'],
    [['--allow-origin', 'https://blog.example/'], '--allow-origin takes origins like https://blog.example'],
    [['--trust-proxy', 'my-proxy'], '"my-proxy" is none of these'],
    [['--nope'], "Unknown option '--nope'"],
  ])('explains %j', (args, message) => {
    expect(() => parseServeOptions(args, {})).toThrow(message);
  });
});
