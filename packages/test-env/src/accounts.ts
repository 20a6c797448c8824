import { randomBytes } from 'node:crypto';
import { authApi, usersApi, type RegistrationBody, type Role, type TokenResponse } from '@marketshare/contracts';
import type { Stack } from './stack.js';
import { apiClient } from './api.js';

export interface TestAccount {
  id: number;
  username: string;
  password: string;
  email: string;
  role: Role;
  token: string;
  refreshToken: string;
}

/** Registers a person through the users API and signs them in through auth's password grant. */
export async function createAccount(stack: Stack, role: Role, overrides: Partial<RegistrationBody> = {}): Promise<TestAccount> {
  const username = `${role}_${randomBytes(4).toString('hex')}`;
  const password = 'correct horse battery';
  const email = `${username}@example.com`;
  const body: RegistrationBody = {
    username,
    password,
    email,
    role,
    country: 'AR',
    organization: 'Acme',
    ...(role === 'consumer' ? { bank: 'Banco Nación' } : {}),
    ...overrides,
  };
  const reg = await apiClient(stack).send(usersApi.register, { body });
  if (!reg.ok) throw new Error(`registration failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const tokens = await login(stack, body.username, password);
  return { id: reg.body.id, username: body.username, password, email, role, token: tokens.access_token, refreshToken: tokens.refresh_token };
}

/** A person's tokens from the password grant, which always carry a refresh token. */
export async function login(stack: Stack, username: string, password: string): Promise<TokenResponse & { refresh_token: string }> {
  const res = await apiClient(stack).send(authApi.token, { body: { grant_type: 'password', username, password } });
  if (!res.ok || !res.body.refresh_token) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, refresh_token: res.body.refresh_token };
}

/** A service token, as a service would get one (client_credentials). */
export async function serviceToken(stack: Stack, clientId: string, secret: string): Promise<string> {
  const res = await apiClient(stack, { client: [clientId, secret] }).send(authApi.token, { body: { grant_type: 'client_credentials' } });
  if (!res.ok) throw new Error(`client_credentials failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}
