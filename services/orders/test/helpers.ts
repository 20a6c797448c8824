import type { Product } from '@marketshare/contracts';
import { connect } from 'amqplib';
import pg from 'pg';
import { createAccount, http, RABBITMQ_URL, serviceToken, TEST_SECRETS, type Stack, type TestAccount } from '@marketshare/test-env';

// What the orders tests share: funded consumers, a seller's product, a look at stock and balances through the
// other services' public APIs, the messages on the stack's exchange, and SQL on the orders database.

export async function fundedConsumer(stack: Stack, amount: number): Promise<TestAccount> {
  const consumer = await createAccount(stack, 'consumer');
  const res = await http('POST', `${stack.url('users')}/api/users/me/funds`, { token: consumer.token, json: { amount } });
  if (res.status !== 200) throw new Error(`funding failed: ${res.status} ${JSON.stringify(res.body)}`);
  return consumer;
}

export async function createProduct(
  stack: Stack,
  seller: TestAccount,
  fields: { price: number; discount?: number; stock: number; colors?: string[]; category?: string },
) {
  const res = await http('POST', `${stack.url('products')}/api/products`, {
    token: seller.token,
    json: {
      name: `Producto ${Math.random().toString(36).slice(2, 8)}`,
      description: 'Para probar compras',
      category: fields.category ?? 'herramientas',
      colors: fields.colors ?? ['rojo', 'negro'],
      price: fields.price,
      discount: fields.discount ?? 0,
      stock: fields.stock,
      features: { text: 'Apto para pruebas', rows: [] },
    },
  });
  if (res.status !== 201) throw new Error(`product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Product;
}

export async function balanceOf(stack: Stack, account: TestAccount): Promise<number> {
  const res = await http('GET', `${stack.url('users')}/api/users/me`, { token: account.token });
  return res.body.balance.amount;
}

/** The stock as products holds it now (its internal read; the public catalog may show it up to a second late). */
export async function stockOf(stack: Stack, productId: number): Promise<number> {
  const token = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
  const res = await http('GET', `${stack.url('products')}/internal/products/${productId}`, { token });
  return res.body.stock;
}

export function buy(stack: Stack, account: TestAccount, body: Record<string, unknown>, key?: string) {
  return http('POST', `${stack.url('orders')}/api/orders`, {
    token: account.token,
    json: body,
    headers: key ? { 'idempotency-key': key } : {},
  });
}

export interface Mailbag {
  /** Message bodies received so far on the order routing keys (the buyer's and the seller's). */
  messages: any[];
  close(): Promise<void>;
}

/** Listens on the stack's own exchange for the order e-mails, as the emails service would. */
export async function listenForOrderMail(stack: Stack): Promise<Mailbag> {
  const conn = await connect(RABBITMQ_URL);
  const channel = await conn.createChannel();
  const exchange = stack.env.EMAIL_EXCHANGE!;
  await channel.assertExchange(exchange, 'direct', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const key of ['ORDER_CREATED', 'ORDER_DELIVERED', 'ORDER_CANCELLED', 'SALE_NEW']) await channel.bindQueue(queue, exchange, key);
  const messages: any[] = [];
  await channel.consume(queue, (m) => m && messages.push(JSON.parse(m.content.toString())), { noAck: true });
  return {
    messages,
    async close() {
      await channel.deleteExchange(exchange).catch(() => undefined);
      await conn.close();
    },
  };
}

/** SQL on the orders database, for what the API deliberately does not show (unsettled sagas, schedules). */
export async function ordersSql<R extends pg.QueryResultRow = any>(
  stack: Stack,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: stack.env.ORDERS_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
