import { randomBytes } from 'node:crypto';
import type { Stack } from './stack.js';
import { http, WEB_CLIENT } from './http.js';

export interface TestAccount {
  id: number;
  username: string;
  password: string;
  email: string;
  role: 'consumer' | 'seller';
  token: string;
  refreshToken: string;
}

/** Registers a person through the users API and signs them in through auth's password grant. */
export async function createAccount(
  stack: Stack,
  role: 'consumer' | 'seller',
  overrides: Record<string, unknown> = {},
): Promise<TestAccount> {
  const username = `${role}_${randomBytes(4).toString('hex')}`;
  const password = 'correct horse battery';
  const email = `${username}@example.com`;
  const body = {
    username,
    password,
    email,
    role,
    country: 'AR',
    organization: 'Acme',
    ...(role === 'consumer' ? { bank: 'Banco Nación' } : {}),
    ...overrides,
  };
  const reg = await http('POST', `${stack.url('users')}/api/users`, { basic: WEB_CLIENT, json: body });
  if (reg.status !== 201) throw new Error(`registration failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const tokens = await login(stack, String(body.username), password);
  return { id: reg.body.id, username: String(body.username), password, email, role, token: tokens.access_token, refreshToken: tokens.refresh_token };
}

export async function login(stack: Stack, username: string, password: string) {
  const res = await http('POST', `${stack.url('auth')}/oauth/token`, {
    basic: WEB_CLIENT,
    form: { grant_type: 'password', username, password },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { access_token: string; refresh_token: string; expires_in: number };
}

/** A service token, as a service would get one (client_credentials). */
export async function serviceToken(stack: Stack, clientId: string, secret: string): Promise<string> {
  const res = await http('POST', `${stack.url('auth')}/oauth/token`, {
    basic: [clientId, secret],
    form: { grant_type: 'client_credentials' },
  });
  if (res.status !== 200) throw new Error(`client_credentials failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}
