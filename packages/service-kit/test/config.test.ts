import { describe, expect, it } from 'vitest';
import { ConfigError, Type, env, loadConfig } from '../src/index.js';

// Secrets come from the environment; in production (an explicit switch, since NODE_ENV is production locally too)
// the local defaults of .env.example are refused.

const Schema = Type.Object({ WEB_CLIENT_SECRET: env.secret('a secret'), LOG_LEVEL: env.LOG_LEVEL });
const local = { WEB_CLIENT_SECRET: 'local-web-client-secret' };

describe('loadConfig and secrets', () => {
  it('takes the local default secret outside production, NODE_ENV=production included', () => {
    expect(loadConfig(Schema, { ...local, NODE_ENV: 'production' }).WEB_CLIENT_SECRET).toBe('local-web-client-secret');
  });

  it('refuses the local default secret when MARKETSHARE_ENV=production, naming the variable and not the value', () => {
    let error: unknown;
    try {
      loadConfig(Schema, { ...local, MARKETSHARE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/WEB_CLIENT_SECRET: is the local default/);
    expect((error as ConfigError).message).not.toMatch(/local-web-client-secret/);
  });

  it('takes a secret of its own in production', () => {
    expect(loadConfig(Schema, { WEB_CLIENT_SECRET: 'k3jz9Q-generated-elsewhere', MARKETSHARE_ENV: 'production' }).WEB_CLIENT_SECRET).toBe(
      'k3jz9Q-generated-elsewhere',
    );
  });
});
