import { conflict, notFound } from '@marketshare/service-kit';
import type { Pool } from 'pg';
import type { Reservation, ReserveStockBody } from '@marketshare/contracts';

interface StockRow {
  outcome: string;
  product_id: number | null;
  quantity: number | null;
  stock: number | null;
  released?: boolean | null;
}

/**
 * Takes `quantity` units for an order, once: a retry answers what the first call did without moving stock, and
 * stock never goes below zero however many orders race. Nothing is recorded when stock is short or the price is not
 * the expected one. The rules run in the database function reserve_stock (migrations 0002 and 0003), so this is one
 * round trip.
 */
export async function reserveStock(pool: Pool, request: ReservationRequest): Promise<Reservation> {
  const {
    rows: [row],
  } = await pool.query<StockRow>({
    name: 'reserve_stock',
    text: 'SELECT * FROM reserve_stock($1, $2, $3, $4, $5)',
    values: [request.orderId, request.productId, request.quantity, request.unitPrice ?? null, request.discount ?? null],
  });
  return reservationOf(request, row!);
}

/** An order's stock, at the unit price and discount it charges: granted only while the product has them. */
type ReservationRequest = ReserveStockBody;

/**
 * Reservations that arrive while one is being committed go together in the next statement. Every commit waits for
 * the disk while it holds the product's row lock, so taken one by one a popular product would sell at most one order
 * per disk flush; together, as many as arrived meanwhile share a flush. reserve_stock still decides each one on its
 * own, one after another in arrival order (per product), so every outcome is what it would have been alone. If the
 * whole statement fails, its reservations are tried again one by one, each in a transaction of its own.
 */
export function createReservationQueue(pool: Pool, maxBatch = 200) {
  interface Job {
    request: ReservationRequest;
    resolve: (r: Reservation) => void;
    reject: (e: unknown) => void;
  }
  let queue: Job[] = [];
  let flushing = false;

  async function reserveTogether(jobs: Job[]): Promise<void> {
    // Products in a fixed order, so two batches (of two replicas) never wait on each other's rows in a cycle.
    const batch = [...jobs].sort((a, b) => a.request.productId - b.request.productId);
    const column = <K extends keyof ReservationRequest>(k: K) => batch.map((j) => j.request[k] ?? null);
    let rows: StockRow[];
    try {
      ({ rows } = await pool.query<StockRow>({
        name: 'reserve_stock_batch',
        text: `SELECT s.* FROM unnest($1::int[], $2::int[], $3::int[], $4::bigint[], $5::int[])
                 WITH ORDINALITY AS r(order_id, product_id, quantity, unit_price, discount, n)
               CROSS JOIN LATERAL reserve_stock(r.order_id, r.product_id, r.quantity, r.unit_price, r.discount) s
               ORDER BY r.n`,
        values: [column('orderId'), column('productId'), column('quantity'), column('unitPrice'), column('discount')],
      }));
    } catch {
      await Promise.all(batch.map((j) => reserveStock(pool, j.request).then(j.resolve, j.reject)));
      return;
    }
    batch.forEach((j, i) => {
      try {
        j.resolve(reservationOf(j.request, rows[i]!));
      } catch (e) {
        j.reject(e);
      }
    });
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length) {
        const jobs = queue.slice(0, maxBatch);
        queue = queue.slice(jobs.length);
        if (jobs.length === 1) await reserveStock(pool, jobs[0]!.request).then(jobs[0]!.resolve, jobs[0]!.reject);
        else await reserveTogether(jobs);
      }
    } finally {
      flushing = false;
    }
  }

  return function reserve(request: ReservationRequest): Promise<Reservation> {
    return new Promise((resolve, reject) => {
      queue.push({ request, resolve, reject });
      if (!flushing) {
        // flush settles each job itself; should it fail as a whole, whatever is still queued fails with it
        flush().catch((e: unknown) => {
          for (const job of queue.splice(0)) job.reject(e);
        });
      }
    });
  };
}

function reservationOf({ orderId, productId, quantity }: ReservationRequest, row: StockRow): Reservation {
  switch (row.outcome) {
    case 'reserved':
      return { orderId, productId, quantity, stock: row.stock!, released: row.released! };
    case 'unknown_product':
      throw notFound('Product');
    case 'mismatch':
      throw conflict(`Order ${orderId} already reserved ${row.quantity} of product ${row.product_id}`, 'reservation_mismatch');
    case 'insufficient_stock':
      throw conflict('Not enough stock for this order', 'insufficient_stock');
    case 'unpublished':
      throw conflict('This product is no longer sold', 'insufficient_stock');
    case 'price_changed':
      throw conflict('The price of this product is no longer the one this order was priced at', 'price_changed');
    default:
      throw new Error(`reserve_stock answered ${row.outcome}`);
  }
}

/** Gives an order's units back, exactly once; later calls answer the same without moving stock (one round trip). */
export async function releaseStock(pool: Pool, orderId: number): Promise<Reservation> {
  const {
    rows: [row],
  } = await pool.query<StockRow>({ name: 'release_stock', text: 'SELECT * FROM release_stock($1)', values: [orderId] });
  if (row.outcome === 'unknown_reservation') throw notFound('Reservation');
  if (row.outcome !== 'released') throw new Error(`release_stock answered ${row.outcome}`);
  return { orderId, productId: row.product_id!, quantity: row.quantity!, stock: row.stock!, released: true };
}
