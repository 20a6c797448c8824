import { sql } from 'drizzle-orm';
import type { outboxMessage } from '@marketshare/service-kit';
import { orders, type OrderRow } from './schema.js';
import { leaseFromNow, type Db } from './store.js';

// The two statements every purchase runs, as named prepared statements: drizzle builds each once, and PostgreSQL
// parses and plans each once per connection instead of once per purchase.

/** What a purchase records before its remote steps: the order in phase PENDING, under the driver's lease. */
export type PendingOrder = Pick<
  OrderRow,
  | 'consumerId'
  | 'sellerId'
  | 'productId'
  | 'productName'
  | 'category'
  | 'quantity'
  | 'color'
  | 'unitPrice'
  | 'discount'
  | 'total'
  | 'currency'
  | 'idempotencyKey'
  | 'consumerEmail'
  | 'consumerName'
  | 'consumerLocale'
  | 'consumerOrganization'
  | 'sellerEmail'
  | 'sellerName'
  | 'sellerLocale'
  | 'sellerOrganization'
>;

const param = (name: keyof PendingOrder) => sql.placeholder(name);

function prepare(db: Db) {
  return {
    insertPending: db
      .insert(orders)
      .values({
        consumerId: param('consumerId'),
        sellerId: param('sellerId'),
        productId: param('productId'),
        productName: param('productName'),
        category: param('category'),
        quantity: param('quantity'),
        color: param('color'),
        unitPrice: param('unitPrice'),
        discount: param('discount'),
        total: param('total'),
        currency: param('currency'),
        phase: 'PENDING',
        leaseUntil: leaseFromNow(),
        idempotencyKey: param('idempotencyKey'),
        consumerEmail: param('consumerEmail'),
        consumerName: param('consumerName'),
        consumerLocale: param('consumerLocale'),
        consumerOrganization: param('consumerOrganization'),
        sellerEmail: param('sellerEmail'),
        sellerName: param('sellerName'),
        sellerLocale: param('sellerLocale'),
        sellerOrganization: param('sellerOrganization'),
      })
      .onConflictDoNothing({ target: [orders.consumerId, orders.idempotencyKey] })
      .returning()
      .prepare('purchase_insert_pending'),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
const statementsOf = (db: Db) => {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = prepare(db)));
  return statements;
};

/** Records a new order; undefined when its Idempotency-Key was used before (the unique index refused it). */
export async function insertPendingOrder(db: Db, order: PendingOrder): Promise<OrderRow | undefined> {
  const [row] = await statementsOf(db).insertPending.execute(order);
  return row;
}

/**
 * Settles a PENDING order as RECIBIDO and writes its announcements (the buyer's and the seller's) to the outbox in
 * one statement (a data-modifying CTE): they commit together, and the messages are written only when the update
 * happened. False when the order was no longer PENDING (another driver settled it).
 */
export async function acceptPendingOrder(
  db: Db,
  order: Pick<OrderRow, 'id' | 'statusHistory'> & { nextTransitionAt: Date },
  messages: ReturnType<typeof outboxMessage>[],
): Promise<boolean> {
  const { rowCount } = await db.$client.query({
    name: 'purchase_accept_announced',
    text: `
      WITH accepted AS (
        UPDATE orders
        SET phase = 'DONE', status = 'RECIBIDO', status_history = $2::jsonb, next_transition_at = $3::timestamptz,
            lease_until = NULL
        WHERE id = $1 AND phase = 'PENDING'
        RETURNING id
      )
      INSERT INTO outbox (message_id, exchange, routing_key, payload, created_at)
      SELECT m.message_id, m.exchange, m.routing_key, m.payload, $7::timestamptz
      FROM accepted, unnest($4::uuid[], $5::text[], $6::text[], $8::jsonb[]) AS m(message_id, exchange, routing_key, payload)`,
    values: [
      order.id,
      JSON.stringify(order.statusHistory),
      order.nextTransitionAt.toISOString(),
      messages.map((m) => m.messageId),
      messages.map((m) => m.exchange),
      messages.map((m) => m.routingKey),
      (messages[0]?.createdAt ?? new Date()).toISOString(),
      messages.map((m) => JSON.stringify(m.payload)),
    ],
  });
  return rowCount !== null && rowCount > 0;
}
