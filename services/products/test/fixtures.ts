import type { Product } from '@marketshare/contracts';
import sharp from 'sharp';
import { createAccount, http, serviceToken, startStack, TEST_SECRETS } from '@marketshare/test-env';

// Shared test data: a valid product body and real images made on the spot.

export const productBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Taladro percutor 750W',
  description: 'Taladro para obra y taller',
  category: 'herramientas',
  state: 'NUEVO',
  colors: ['rojo', 'negro'],
  price: 125_000,
  discount: 10,
  stock: 8,
  features: { text: 'Incluye maletín', rows: [{ feature: 'Potencia', value: '750 W' }] },
  specialFeatures: ['envio_gratis', 'garantia'],
  ...overrides,
});

export const png = (width = 64, height = 48, color = '#d33') =>
  sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
export const jpeg = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: '#3a6' } }).jpeg().toBuffer();

/** A multipart body with one `file` part per buffer, as a browser form sends it. */
export function imageForm(files: { bytes: Buffer; name?: string; type?: string; field?: string }[]): FormData {
  const form = new FormData();
  for (const f of files) {
    form.append(f.field ?? 'file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/png' }), f.name ?? 'photo.png');
  }
  return form;
}

export async function createProduct(base: string, token: string, overrides: Record<string, unknown> = {}) {
  const res = await http('POST', `${base}/api/products`, { token, json: productBody(overrides) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Product;
}

/** The stack every products test runs on, with two sellers and a consumer signed in. */
export async function startCatalogStack() {
  const stack = await startStack({ services: ['auth', 'users', 'products'] });
  const [seller, otherSeller, consumer] = await Promise.all([
    createAccount(stack, 'seller'),
    createAccount(stack, 'seller'),
    createAccount(stack, 'consumer'),
  ]);
  const ordersToken = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
  return { stack, base: stack.url('products'), seller, otherSeller, consumer, ordersToken };
}
