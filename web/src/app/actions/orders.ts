'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ErrorBody } from '@marketshare/contracts';
import { ApiError } from '@/lib/api/http';
import { cancelOrder, placeOrder, postReview } from '@/lib/api/orders';
import { getProduct } from '@/lib/api/products';
import { getMe } from '@/lib/api/users';
import { fromApiError, str, type FormState } from '@/lib/form-state';
import { formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';

/** Places an order; the total shown afterwards is the one the orders service computed and charged. */
export async function buy(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t, locale } = await getDict();
  const session = await getSession();
  if (!session || session.role !== 'consumer') return { ok: false, message: t.notice.consumersOnly };
  const productId = Number(str(fd, 'productId'));
  const quantity = Number(str(fd, 'quantity'));
  const color = str(fd, 'color') || undefined;
  // the total the buyer confirmed: orders charges no more, and answers 409 with the price now when it went up
  const maxTotal = Number(str(fd, 'maxTotal'));
  try {
    const order = await placeOrder(
      { productId, quantity, color, ...(Number.isSafeInteger(maxTotal) && maxTotal >= 0 && { maxTotal }) },
      str(fd, 'idempotencyKey') || crypto.randomUUID(),
    );
    revalidatePath(`/products/${productId}`);
    const total = formatMoney(order.total, order.currency, locale);
    const result = { id: order.id, status: order.status, total };
    if (order.status === 'SIN_STOCK') {
      // Lost a race for the stock: say what is left, and the buy box sets the quantity to it.
      const left = (await getProduct(productId).catch(() => null))?.stock;
      if (!left) return { ok: false, message: t.product.orderNoStock, result: { ...result, stockLeft: 0 } };
      return { ok: false, message: fmt(t.product.stockLeft, { n: left }), result: { ...result, stockLeft: left } };
    }
    if (order.status === 'RECHAZADO') {
      // Not enough money: how much is missing, against the balance as it is now.
      const balance = (await getMe().catch(() => null))?.balance?.amount;
      const missing = balance === undefined ? 0 : Math.max(0, order.total - balance);
      const message = missing ? fmt(t.product.noMoney, { missing: formatMoney(missing, order.currency, locale) }) : t.product.orderNoMoney;
      return { ok: false, message, result: { ...result, noMoney: missing } };
    }
    return { ok: true, message: `${fmt(t.product.orderOk, { id: order.id })} ${fmt(t.product.orderTotal, { total })}`, result };
  } catch (e) {
    const price = e instanceof ApiError && e.code === 'price_changed' ? (e.body as ErrorBody | undefined)?.price : undefined;
    if (price) {
      const total = formatMoney(price.total, price.currency, locale);
      return { ok: false, message: fmt(t.refusals.price_changed, { total }), result: { priceChanged: price.total, total } };
    }
    return fromApiError(e, { t, locale });
  }
}

/** The signed-in consumer's balance in minor units, for the buy box to warn before a purchase it cannot pay; null otherwise. */
export async function myBalance(): Promise<number | null> {
  const session = await getSession();
  if (session?.role !== 'consumer') return null;
  return (await getMe().catch(() => null))?.balance?.amount ?? null;
}

export async function cancel(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  let id: number;
  try {
    id = (await cancelOrder(Number(str(fd, 'orderId')))).id;
  } catch (e) {
    return fromApiError(e, dict);
  }
  // The order's card loses its cancel button, so the result is told by the page (and survives a reload).
  revalidatePath('/orders');
  redirect(`/orders?cancelled=${id}`);
}

export async function review(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const values = { title: str(fd, 'title'), summary: str(fd, 'summary'), rating: str(fd, 'rating') };
  const fieldErrors: Record<string, string> = {};
  if (!values.title) fieldErrors.title = t.login.required;
  if (!values.summary) fieldErrors.summary = t.login.required;
  if (values.rating === '') fieldErrors.rating = t.review.needRating;
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors, values };
  const orderId = Number(str(fd, 'orderId'));
  try {
    await postReview({ orderId, rating: Number(values.rating), title: values.title, summary: values.summary });
  } catch (e) {
    // already_reviewed, order_not_delivered: worded from their codes, in the person's language
    return fromApiError(e, dict, values);
  }
  revalidatePath('/orders');
  redirect(`/orders?reviewed=${orderId}`);
}
