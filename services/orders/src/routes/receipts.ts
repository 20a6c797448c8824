import { currentUser, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api, type ReceiptParty } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import type { OrderRow } from '../db/schema.js';
import { toOrderJson } from './order-json.js';
import { orderOfParty } from './orders.js';

/**
 * An order's receipt, for its buyer and its seller only (anyone else is told there is no such order, as for the
 * order itself). It names both parties as they were when the order was placed; an order from before the seller's
 * organization was kept asks users for the account's current one, and says nothing when users cannot answer.
 */
export function receiptRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.get(
    api.receipt.path,
    { preHandler: app.guards.user, schema: schemaOf(api.receipt) },
    async (request) => {
      const found = await orderOfParty(ctx, request.params.id, currentUser(request).id);
      const o = found.order;
      const [seller, buyer] = await Promise.all([
        partyOf(ctx, o.sellerId, o.sellerName, o.sellerOrganization),
        partyOf(ctx, o.consumerId, o.consumerName, o.consumerOrganization),
      ]);
      return { order: toOrderJson(o, found.review), seller, buyer };
    },
  );
}

async function partyOf(
  ctx: OrdersContext,
  id: number,
  username: OrderRow['sellerName'],
  organization: OrderRow['sellerOrganization'],
): Promise<ReceiptParty> {
  if (username !== null && organization !== null) return { id, username, organization };
  const contact = await ctx.marketplace.getContact(id).catch(() => null);
  return { id, username: username ?? contact?.username ?? null, organization: organization ?? contact?.organization.name ?? null };
}
