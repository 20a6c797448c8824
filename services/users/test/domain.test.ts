import { describe, it, expect } from 'vitest';
import { passwordProblem } from '../src/domain/passwords.js';
import { repeatedDebit } from '../src/domain/balance.js';
import { profileChanges, accountNewMessage } from '../src/domain/account-messages.js';
import { ownView, publicView, type UserRecord } from '../src/domain/user-view.js';
import { loadUsersConfig } from '../src/config.js';

describe('passwords', () => {
  it('refuses short, blank and over-72-byte passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('        ')).toMatch(/spaces/);
    expect(passwordProblem('ñ'.repeat(37))).toMatch(/72 bytes/); // 37 characters, 74 bytes
    expect(passwordProblem('correct horse battery')).toBeUndefined();
  });
});

describe('debits', () => {
  it('treats the same order, consumer and amount as a retry and anything else as a mismatch', () => {
    expect(repeatedDebit({ userId: 1, amount: 100 }, { consumerId: 1, amount: 100 })).toBe('retry');
    expect(repeatedDebit({ userId: 1, amount: 100 }, { consumerId: 2, amount: 100 })).toBe('mismatch');
    expect(repeatedDebit({ userId: 1, amount: 100 }, { consumerId: 1, amount: 99 })).toBe('mismatch');
  });
});

describe('account messages', () => {
  const before = { email: 'a@x.test', countryCode: 'AR', organizationId: 1, bankId: 2, locale: 'es' as const };
  it('names what a profile update changed', () => {
    expect(profileChanges(before, before)).toEqual([]);
    expect(profileChanges(before, { ...before, email: 'b@x.test' })).toEqual(['email']);
    expect(profileChanges(before, { ...before, bankId: null, locale: 'en' })).toEqual(['profile']);
    expect(profileChanges(before, { ...before, email: 'b@x.test', countryCode: 'UY' })).toEqual(['email', 'profile']);
  });
  it('links to the public site without doubling slashes', () => {
    const m = accountNewMessage({ username: 'ana', email: 'a@x.test', role: 'seller', locale: 'en' }, 'https://shop.example/');
    expect(m).toMatchObject({ type: 'ACCOUNT_NEW', accountType: 'seller', loginUrl: 'https://shop.example/login', to: { name: 'ana' } });
  });
});

describe('user views', () => {
  const record: UserRecord = {
    id: 7,
    username: 'Ana',
    email: 'ana@x.test',
    role: 'consumer',
    locale: 'en',
    registeredAt: new Date('2024-01-02T03:04:05Z'),
    countryCode: 'DE',
    countryNameEs: 'Alemania',
    countryNameEn: 'Germany',
    organizationId: 3,
    organizationName: 'Acme',
    bankId: 4,
    bankName: 'BBVA',
    balance: 1500,
  };
  it('shows others no e-mail, bank or balance', () => {
    const view = publicView(record, 'es');
    expect(view).toEqual({
      id: 7,
      username: 'Ana',
      role: 'consumer',
      country: { code: 'DE', name: 'Alemania' },
      organization: { id: 3, name: 'Acme' },
      registeredAt: '2024-01-02T03:04:05.000Z',
    });
  });
  it('shows the owner everything; a seller sees the balance of their proceeds and the bank they withdraw to', () => {
    expect(ownView(record)).toMatchObject({ email: 'ana@x.test', bank: { id: 4, name: 'BBVA' }, balance: { amount: 1500, currency: 'ARS' } });
    expect(ownView(record).country.name).toBe('Germany');
    expect(ownView({ ...record, role: 'seller' })).toMatchObject({ bank: { id: 4, name: 'BBVA' }, balance: { amount: 1500, currency: 'ARS' } });
    expect(ownView({ ...record, role: 'seller', bankId: null, bankName: null, balance: null })).toMatchObject({ bank: null, balance: { amount: 0, currency: 'ARS' } });
  });
});

describe('configuration', () => {
  it('starts without any other client’s secret: only its own', () => {
    const config = loadUsersConfig({ USERS_CLIENT_SECRET: 'users-only-secret' });
    expect(config.USERS_CLIENT_SECRET).toBe('users-only-secret');
    expect(Object.keys(config).filter((k) => k.endsWith('_CLIENT_SECRET'))).toEqual(['USERS_CLIENT_SECRET']);
  });
});
