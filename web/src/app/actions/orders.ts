'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ErrorBody } from '@marketshare/contracts';
import { ApiError } from '@/lib/api/http';
import { cancelOrder, placeOrder, postReview } from '@/lib/api/orders';
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
    const message =
      order.status === 'SIN_STOCK' ? t.product.orderNoStock
      : order.status === 'RECHAZADO' ? t.product.orderNoMoney
      : `${fmt(t.product.orderOk, { id: order.id })} ${fmt(t.product.orderTotal, { total })}`;
    return { ok: order.status === 'RECIBIDO', message, result: { id: order.id, status: order.status, total } };
  } catch (e) {
    const price = e instanceof ApiError && e.code === 'price_changed' ? (e.body as ErrorBody | undefined)?.price : undefined;
    if (price) {
      const total = formatMoney(price.total, price.currency, locale);
      return { ok: false, message: fmt(t.product.priceChanged, { total }), result: { priceChanged: price.total, total } };
    }
    return fromApiError(e, t);
  }
}

export async function cancel(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t } = await getDict();
  let id: number;
  try {
    id = (await cancelOrder(Number(str(fd, 'orderId')))).id;
  } catch (e) {
    return fromApiError(e, t);
  }
  // The order's card loses its cancel button, so the result is told by the page (and survives a reload).
  revalidatePath('/orders');
  redirect(`/orders?cancelled=${id}`);
}

export async function review(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t } = await getDict();
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
    if (e instanceof ApiError && e.status === 409) return { ok: false, message: e.message, values };
    return fromApiError(e, t, values);
  }
  revalidatePath('/orders');
  redirect(`/orders?reviewed=${orderId}`);
}
