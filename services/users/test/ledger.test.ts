import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { usersApi, type DebitBody, type RefundBody, type SettleBody, type StatementQuery } from '@marketshare/contracts';
import { bodyOf, createAccount, http, send, serviceToken, TEST_SECRETS, type TestAccount } from '@marketshare/test-env';
import { queryRows, startUsersStack, type UsersStack } from './helpers.js';

// The ledger of everybody's money: sales credited once, withdrawals that never overdraw, statements, and the
// invariant that every balance, escrow and the platform's fees add up to what came in minus what went out.

const FEE_BPS = 250;
let stack: UsersStack;
let ordersToken: string;
let nextOrder = 5000;
const orderId = () => ++nextOrder;

const debit = (body: DebitBody) => send(stack, ordersToken, usersApi.debit, { body });
const refund = (body: RefundBody) => send(stack, ordersToken, usersApi.refund, { body });
const settle = (body: SettleBody, token = ordersToken) => send(stack, token, usersApi.settle, { body });
/** A settlement as a caller may send it, outside the contract (malformed bodies). */
const settleAsIs = (json: unknown) => http('POST', `${stack.url('users')}/internal/balance/settle`, { token: ordersToken, json });
const withdraw = (who: TestAccount, amount: number, headers: Record<string, string> = {}) =>
  send(stack, who, usersApi.withdraw, { body: { amount }, headers });
/** A withdrawal of an amount that may be no amount at all (text, a fraction, null). */
const withdrawAsIs = (who: TestAccount, amount: unknown) =>
  http('POST', `${stack.url('users')}/api/users/me/withdrawals`, { token: who.token, json: { amount } });
const statement = (who: TestAccount | null, query: StatementQuery = {}) => send(stack, who, usersApi.statement, { query });
/** A statement asked for with a query string outside the contract. */
const statementAsIs = (who: TestAccount, query: string) => http('GET', `${stack.url('users')}/api/users/me/statement${query}`, { token: who.token });
const statementCsv = async (who: TestAccount, query: StatementQuery = {}) =>
  new TextDecoder().decode(bodyOf(await send(stack, who, usersApi.statementCsv, { query })));
const balanceOf = async (who: TestAccount) => bodyOf(await send(stack, who, usersApi.me)).balance?.amount;
const setBank = (who: TestAccount, bank: string) => send(stack, who, usersApi.updateMe, { body: { bank } });

async function fundedConsumer(amount: number): Promise<TestAccount> {
  const consumer = await createAccount(stack, 'consumer');
  expect((await send(stack, consumer, usersApi.addFunds, { body: { amount } })).status).toBe(200);
  return consumer;
}

/** A seller credited with one delivered order of `amount` (less the 2.5% fee). */
async function sellerWithProceeds(amount: number): Promise<TestAccount> {
  const seller = await createAccount(stack, 'seller');
  const buyer = await fundedConsumer(amount);
  const id = orderId();
  expect((await debit({ orderId: id, consumerId: buyer.id, amount })).status).toBe(200);
  expect((await settle({ orderId: id, sellerId: seller.id })).status).toBe(200);
  return seller;
}

const query = <T>(sql: string) => queryRows<T>(stack, sql);

beforeAll(async () => {
  stack = await startUsersStack({ env: { MARKETPLACE_FEE_BPS: String(FEE_BPS) }, inbox: ['WITHDRAWAL_MADE'] });
  ordersToken = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
});
afterAll(async () => {
  await stack?.stop();
});

describe('sales', () => {
  it('credit a delivered order to its seller once, less the fee rounded down, the fee to the platform', async () => {
    const seller = await createAccount(stack, 'seller');
    const buyer = await fundedConsumer(5_000);
    const id = orderId();
    await debit({ orderId: id, consumerId: buyer.id, amount: 1_001 });
    // 1001 × 2.5% = 25.025: the platform keeps 25, the seller gets the remainder
    const answers = await Promise.all(Array.from({ length: 10 }, () => settle({ orderId: id, sellerId: seller.id })));
    for (const res of answers) expect(res.body).toEqual({ balance: 976, proceeds: 976, fee: 25 });
    expect(await balanceOf(seller)).toBe(976);
    const rows = await query<{ kind: string; amount: number }>(`SELECT kind, amount FROM ledger_entries WHERE order_id = ${id} ORDER BY id`);
    expect(rows.map((r) => [r.kind, Number(r.amount)])).toEqual([['DEBIT', 1_001], ['SALE', 976], ['FEE', 25]]);
  });

  it('never credit a refunded order, never refund a credited one, and credit one seller only', async () => {
    const [seller, other] = [await createAccount(stack, 'seller'), await createAccount(stack, 'seller')];
    const buyer = await fundedConsumer(1_000);
    const cancelled = orderId();
    await debit({ orderId: cancelled, consumerId: buyer.id, amount: 400 });
    expect((await refund({ orderId: cancelled, consumerId: buyer.id })).status).toBe(200);
    const refused = await settle({ orderId: cancelled, sellerId: seller.id });
    expect([refused.status, refused.body.error]).toEqual([409, 'refunded']);

    const delivered = orderId();
    await debit({ orderId: delivered, consumerId: buyer.id, amount: 400 });
    expect((await settle({ orderId: delivered, sellerId: seller.id })).status).toBe(200);
    const late = await refund({ orderId: delivered, consumerId: buyer.id });
    expect([late.status, late.body.error]).toEqual([409, 'settled']);
    expect((await settle({ orderId: delivered, sellerId: other.id })).status).toBe(409);
    expect(await balanceOf(other)).toBe(0);
    expect(await balanceOf(buyer)).toBe(600);
  });

  it('answer 404 for an order never charged, 400 for malformed bodies, 403 for anyone but orders-service', async () => {
    const seller = await createAccount(stack, 'seller');
    expect((await settle({ orderId: orderId(), sellerId: seller.id })).status).toBe(404);
    for (const body of [{}, { orderId: 0, sellerId: seller.id }, { orderId: 1, sellerId: 'x' }, { orderId: 1, sellerId: 1, fee: 0 }]) {
      expect((await settleAsIs(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await settle({ orderId: 1, sellerId: seller.id }, seller.token)).status).toBe(403);
  });
});

describe('withdrawals', () => {
  it('need a bank on the profile, and refuse what the balance does not cover', async () => {
    const seller = await sellerWithProceeds(1_000); // 975 after the fee
    const noBank = await withdraw(seller, 100);
    expect([noBank.status, noBank.body.error]).toEqual([409, 'no_bank']);
    expect((await setBank(seller, 'Banco Galicia')).body.bank).toMatchObject({ name: 'Banco Galicia' });
    const tooMuch = await withdraw(seller, 976);
    expect([tooMuch.status, tooMuch.body.error]).toEqual([409, 'insufficient_funds']);
    // how much is missing, in minor units, for the person to be told in their own money format
    expect(tooMuch.body.params).toEqual({ missing: 1, balance: 975, currency: 'ARS' });
    for (const amount of [0, -1, 1.5, '10', null]) expect((await withdrawAsIs(seller, amount)).status, String(amount)).toBe(400);
    const res = await withdraw(seller, 975);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ amount: 975, bank: { name: 'Banco Galicia' }, balance: { amount: 0, currency: 'ARS' } });
    const [mail] = await stack.inbox.waitFor('WITHDRAWAL_MADE', 1);
    expect(stack.inbox.received.some((m) => m.body.to.name === seller.username && m.body.withdrawal.amount === 975)).toBe(true);
    expect(mail.statementUrl).toMatch(/\/profile\/statement$/);
  });

  it('never overdraw under 30 concurrent requests, and send one e-mail per withdrawal made', async () => {
    const seller = await sellerWithProceeds(2_000); // 1,950 after the fee
    await setBank(seller, 'Banco Nación');
    const results = await Promise.all(Array.from({ length: 30 }, () => withdraw(seller, 300)));
    const made = results.filter((r) => r.status === 200);
    expect(made).toHaveLength(6);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error === 'insufficient_funds')).toBe(true);
    expect(new Set(made.map((r) => r.body.balance.amount))).toEqual(new Set([1_650, 1_350, 1_050, 750, 450, 150]));
    expect(await balanceOf(seller)).toBe(150);
    const mine = async () => stack.inbox.received.filter((m) => m.body.to.name === seller.username).length;
    await expect.poll(mine, { timeout: 10_000 }).toBe(6);
  });

  it('take an Idempotency-Key: the same key withdraws once and answers as the first', async () => {
    const seller = await sellerWithProceeds(1_000);
    await setBank(seller, 'Banco Nación');
    const key = { 'idempotency-key': `w-${seller.id}` };
    const [a, b] = await Promise.all([withdraw(seller, 400, key), withdraw(seller, 400, key)]);
    expect(a.body).toEqual(b.body);
    expect(await balanceOf(seller)).toBe(575);
    expect((await withdraw(seller, 300, key)).status).toBe(422);
  });
});

describe('statements', () => {
  it('list movements newest first with a running balance, paged and filtered by kind and date', async () => {
    const buyer = await fundedConsumer(10_000);
    for (let i = 1; i <= 5; i++) await debit({ orderId: orderId(), consumerId: buyer.id, amount: i * 100 });
    const refunded = nextOrder;
    await refund({ orderId: refunded, consumerId: buyer.id });
    const all = await statement(buyer, { pageSize: 100 });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    expect(all.body.balance).toEqual({ amount: 10_000 - 1_000, currency: 'ARS' });
    const { items } = bodyOf(await send(stack, buyer, usersApi.statement, { query: { pageSize: 100 } }));
    expect(items.map((e) => e.kind)).toEqual(['REFUND', 'DEBIT', 'DEBIT', 'DEBIT', 'DEBIT', 'DEBIT', 'TOPUP']);
    expect(items[0]).toMatchObject({ change: 500, balanceAfter: 9_000, orderId: refunded });
    for (let i = 0; i + 1 < items.length; i++) expect(items[i]!.balanceAfter - items[i]!.change).toBe(items[i + 1]!.balanceAfter);

    const page2 = await statement(buyer, { pageSize: 3, page: 2 });
    expect(page2.body.items.map((e: { id: number }) => e.id)).toEqual(all.body.items.slice(3, 6).map((e: { id: number }) => e.id));
    expect((await statement(buyer, { kind: 'DEBIT' })).body.total).toBe(5);
    const today = new Date().toISOString().slice(0, 10);
    expect((await statement(buyer, { from: today, to: today })).body.total).toBe(7);
    expect((await statement(buyer, { to: '2000-01-01' })).body.total).toBe(0);
    for (const q of ['?kind=GIFT', '?from=yesterday', '?pageSize=0', '?from=2030-01-02&to=2030-01-01', '?other=1']) {
      expect((await statementAsIs(buyer, q)).status, q).toBe(400);
    }
    expect((await statementAsIs(buyer, '?from=2030-01-02&to=2030-01-01')).body.details).toMatchObject([{ field: 'from', code: 'date_range' }]);
    expect((await statement(null)).status).toBe(401);
  });

  it('show a seller their proceeds and the fee per order', async () => {
    const seller = await sellerWithProceeds(10_000);
    const { items } = (await statement(seller)).body;
    expect(items.map((e: { kind: string; amount: number; change: number }) => [e.kind, e.amount, e.change])).toEqual([
      ['FEE', 250, 0],
      ['SALE', 9_750, 9_750],
    ]);
    expect(items[0].orderId).toBe(items[1].orderId);
  });

  it('export as CSV, with cells a spreadsheet would run as formulas kept as text', async () => {
    const seller = await sellerWithProceeds(1_000);
    const evil = '=HYPERLINK("http://evil.example","x")';
    expect((await setBank(seller, evil)).status).toBe(200);
    expect((await withdraw(seller, 100)).status).toBe(200);
    const res = await send(stack, seller, usersApi.statementCsv);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = new TextDecoder().decode(bodyOf(res)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,kind,amount,change,balance_after,order_id,withdrawal_id,bank,currency');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",ARS`);
    expect(lines[1]).toMatch(/,WITHDRAWAL,100,-100,875,,\d+,/);
    for (const bank of ['+cmd', '-2+3', '@SUM(A1)']) {
      await setBank(seller, bank);
      await withdraw(seller, 1);
      const text = await statementCsv(seller, { kind: 'WITHDRAWAL' });
      expect(text.split('\r\n')[1]).toContain(`,"'${bank}",ARS`);
    }
  });
});

describe('the ledger', () => {
  it('adds up after a concurrent burst of purchases, cancellations, deliveries, retries and withdrawals', async () => {
    const sellers = await Promise.all(Array.from({ length: 3 }, () => createAccount(stack, 'seller')));
    await Promise.all(sellers.map((s) => setBank(s, 'Banco Nación')));
    const buyers = await Promise.all(Array.from({ length: 6 }, () => fundedConsumer(20_000)));
    for (const b of buyers) await setBank(b, 'Banco Provincia');
    const orders = Array.from({ length: 60 }, (_, i) => ({
      orderId: orderId(),
      buyer: buyers[i % buyers.length]!,
      seller: sellers[i % sellers.length]!,
      amount: 137 + i * 53,
      fate: (['cancel', 'deliver', 'race', 'pending'] as const)[i % 4],
    }));
    await Promise.all(orders.map((o) => debit({ orderId: o.orderId, consumerId: o.buyer.id, amount: o.amount })));
    const settleOf = (o: (typeof orders)[number]) => settle({ orderId: o.orderId, sellerId: o.seller.id });
    const refundOf = (o: (typeof orders)[number]) => refund({ orderId: o.orderId, consumerId: o.buyer.id });
    const work: Promise<unknown>[] = [];
    for (const o of orders) {
      if (o.fate === 'cancel') work.push(refundOf(o), refundOf(o));
      if (o.fate === 'deliver') work.push(settleOf(o), settleOf(o), settleOf(o));
      if (o.fate === 'race') work.push(settleOf(o), refundOf(o));
    }
    for (const who of [...sellers, ...buyers]) for (let i = 0; i < 4; i++) work.push(withdraw(who, 1_500));
    await Promise.all(work);

    const [sums] = await query<Record<string, string | null>>(`
      SELECT
        (SELECT SUM(amount) FROM balances) AS people,
        (SELECT SUM(CASE kind WHEN 'DEBIT' THEN amount WHEN 'REFUND' THEN -amount WHEN 'SALE' THEN -amount
                              WHEN 'FEE' THEN -amount ELSE 0 END) FROM ledger_entries) AS escrow,
        (SELECT SUM(amount) FROM ledger_entries WHERE kind = 'FEE') AS platform,
        (SELECT SUM(amount) FROM ledger_entries WHERE kind = 'TOPUP') AS topups,
        (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE kind = 'WITHDRAWAL') AS withdrawals,
        (SELECT COALESCE(SUM(amount), 0) FROM withdrawals) AS withdrawn`);
    const n = (k: string) => Number(sums![k] ?? 0);
    expect(n('people') + n('escrow') + n('platform')).toBe(n('topups') - n('withdrawals'));
    expect(n('withdrawn')).toBe(n('withdrawals'));
    expect(n('platform')).toBeGreaterThan(0);

    // every balance is what its own movements add up to, and none is below zero
    const drift = await query<{ user_id: number }>(`
      SELECT b.user_id FROM balances b LEFT JOIN (
        SELECT user_id, SUM(CASE kind WHEN 'TOPUP' THEN amount WHEN 'REFUND' THEN amount WHEN 'SALE' THEN amount
                                      WHEN 'DEBIT' THEN -amount WHEN 'WITHDRAWAL' THEN -amount ELSE 0 END) AS net
        FROM ledger_entries GROUP BY user_id) l ON l.user_id = b.user_id
      WHERE b.amount <> COALESCE(l.net, 0) OR b.amount < 0`);
    expect(drift).toEqual([]);

    // each order's charge is in escrow, refunded, or split between seller and platform: never two of those
    for (const o of orders) {
      const rows = await query<{ kind: string; amount: string }>(`SELECT kind, amount FROM ledger_entries WHERE order_id = ${o.orderId}`);
      const kinds = rows.map((r) => r.kind).sort();
      if (o.fate === 'cancel') expect(kinds).toEqual(['DEBIT', 'REFUND']);
      if (o.fate === 'pending') expect(kinds).toEqual(['DEBIT']);
      if (o.fate === 'deliver') expect(kinds).toEqual(['DEBIT', 'FEE', 'SALE']);
      if (o.fate === 'race') expect([['DEBIT', 'REFUND'], ['DEBIT', 'FEE', 'SALE']]).toContainEqual(kinds);
      const fee = rows.find((r) => r.kind === 'FEE');
      if (fee) expect(Number(fee.amount)).toBe(Math.floor((o.amount * FEE_BPS) / 10_000));
    }
  });
});
