import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersApi } from '@marketshare/contracts';
import { apiClient, createAccount, http, startStack, type Stack, type TestAccount } from '@marketshare/test-env';

// The directory's search box (docs/design.md §2, sellers in public): a part of a username or of an organization's
// name finds the account, whatever its case or accents, and LIKE's wildcards in it match only themselves.

let stack: Stack;
let ferreteria: TestAccount;
let percent: TestAccount;
let buyer: TestAccount;

const search = (q: string, role?: 'seller' | 'consumer') =>
  apiClient(stack).call(usersApi.list, { query: { q, role, pageSize: 100 } }).then((p) => p.items.map((u) => u.id));

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'] });
  [ferreteria, percent, buyer] = await Promise.all([
    createAccount(stack, 'seller', { organization: 'Ferretería Güemes SRL' }),
    createAccount(stack, 'seller', { organization: 'Cien 100% Algodón SA' }),
    createAccount(stack, 'consumer', { organization: 'Ferretería Güemes SRL' }),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the directory search', () => {
  it("finds accounts by part of their organization's name, in any case and without accents", async () => {
    for (const q of ['Güemes', 'ferreteria', 'GUEMES SRL', 'tería Gü']) {
      expect(await search(q, 'seller'), q).toEqual([ferreteria.id]);
    }
    expect((await search('guemes')).sort((a, b) => a - b)).toEqual([ferreteria.id, buyer.id].sort((a, b) => a - b));
    expect(await search('Ferretería', 'consumer')).toEqual([buyer.id]);
  });

  it('still finds them by username, and treats % and _ literally', async () => {
    expect(await search(ferreteria.username.slice(-8))).toEqual([ferreteria.id]);
    expect(await search('100%', 'seller')).toEqual([percent.id]);
    expect(await search('%', 'seller')).toEqual([percent.id]);
    expect(await search('Cien_100', 'seller')).toEqual([]); // a wildcard `_` would match the space
  });

  it('counts the matches in its total and refuses a search longer than an organization name', async () => {
    const page = await apiClient(stack).call(usersApi.list, { query: { q: 'güemes', pageSize: 1 } });
    expect(page).toMatchObject({ total: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect((await http('GET', `${stack.url('users')}/api/users?q=${'x'.repeat(101)}`)).status).toBe(400);
    expect((await http('GET', `${stack.url('users')}/api/users?q=`)).status).toBe(400);
  });
});
