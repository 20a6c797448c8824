import { MESSAGE_TYPES, ordersApi, productsApi, usersApi, type CreateProductBody, type MessageType, type PurchaseBody } from '@marketshare/contracts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bindInbox, bodyOf, createAccount, eventually, send, serviceToken, TEST_SECRETS, type Stack, type TestAccount } from '@marketshare/test-env';

// What the orders tests share: funded consumers, a seller's product, a look at stock and balances through the
// other services' public APIs, the messages on the stack's exchange, and SQL on the orders database.

export async function fundedConsumer(stack: Stack, amount: number): Promise<TestAccount> {
  const consumer = await createAccount(stack, 'consumer');
  bodyOf(await send(stack, consumer, usersApi.addFunds, { body: { amount } }), 200);
  return consumer;
}

export async function createProduct(
  stack: Stack,
  seller: TestAccount,
  fields: Pick<CreateProductBody, 'price' | 'stock'> & Partial<Pick<CreateProductBody, 'discount' | 'colors' | 'category'>>,
) {
  const res = await send(stack, seller, productsApi.create, {
    body: {
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
  return bodyOf(res, 201);
}

export async function balanceOf(stack: Stack, account: TestAccount): Promise<number> {
  const { balance } = bodyOf(await send(stack, account, usersApi.me));
  if (!balance) throw new Error(`${account.username} shows no balance`);
  return balance.amount;
}

/** The stock as products holds it now (its internal read; the public catalog may show it up to a second late). */
export async function stockOf(stack: Stack, productId: number): Promise<number> {
  const token = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
  return bodyOf(await send(stack, token, productsApi.internalProduct, { params: { id: productId } })).stock;
}

export function buy(stack: Stack, account: TestAccount, body: PurchaseBody, key?: string) {
  return send(stack, account, ordersApi.place, { body, headers: key ? { 'idempotency-key': key } : {} });
}

/** Every e-mail orders writes: the buyer's (ORDER_*) and the seller's (SALE_*, REVIEW_NEW). */
export const ORDER_MAIL_TYPES = MESSAGE_TYPES.filter((t) => /^(ORDER|SALE)_/.test(t) || t === 'REVIEW_NEW');

export interface Mailbag {
  /** Message bodies received so far on the order routing keys (the buyer's and the seller's). */
  messages: any[];
  /** The first message of `type` about order `orderId`, waiting for it to arrive. */
  first(type: MessageType, orderId: number): Promise<any>;
  close(): Promise<void>;
}

/** Listens on the stack's own exchange for the order e-mails, as the emails service would. */
export async function listenForOrderMail(stack: Stack): Promise<Mailbag> {
  const inbox = await bindInbox(stack, ORDER_MAIL_TYPES);
  return {
    get messages() {
      return inbox.received.map((m) => m.body);
    },
    async first(type, orderId) {
      const about = async () => inbox.received.map((m) => m.body).filter((m) => m.type === type && m.order.id === orderId);
      return (await eventually(about, (found) => found.length > 0))[0];
    },
    close: () => inbox.close(),
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

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const childTsconfig = fileURLToPath(new URL('./tsconfig.child.json', import.meta.url));

export interface ServiceProcess {
  /** What it has written to standard output so far, a line each: its JSON log lines. */
  output: string[];
  /** Ends it at once (SIGKILL): a crash, not a shutdown. */
  kill(): Promise<void>;
}

/**
 * Runs one service of the stack as a child process from its own main.ts, as a deployment runs it, so that it can
 * really die and its log lines can be read; resolves once it answers. The stack drops its database when it stops.
 */
export async function spawnService(stack: Stack, name: 'users' | 'products' | 'orders', env: Record<string, string> = {}): Promise<ServiceProcess> {
  stack.claim(name);
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: repo,
    env: { ...process.env, ...stack.env, ...env, TSX_TSCONFIG_PATH: childTsconfig },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // a test process that ends (a hook that timed out, say) takes its services with it
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  const output: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    output.push(...lines);
  });
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const answers = () => fetch(`${stack.url(name)}/healthz`).then((r) => r.ok, () => child.exitCode !== null);
  if (!(await eventually(answers, Boolean, 60_000, 100)) || child.exitCode !== null) {
    await kill();
    throw new Error(`the ${name} service did not start (exit ${child.exitCode}): ${output.slice(-5).join('\n')}`);
  }
  return { output, kill };
}
