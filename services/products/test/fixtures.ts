import { beforeAll, afterAll } from 'vitest';
import { productsApi, type CreateProductBody } from '@marketshare/contracts';
import sharp from 'sharp';
import { bodyOf, createAccount, send, serviceToken, startStack, TEST_SECRETS, type Stack, type TestAccount } from '@marketshare/test-env';

// Shared test data: a valid product body and real images made on the spot.

export const productBody = (overrides: Partial<CreateProductBody> = {}): CreateProductBody => ({
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
/** A product body with fields outside the contract (wrong types, unknown values, fields the API does not have). */
export const productBodyAsIs = (overrides: Record<string, unknown>) => ({ ...productBody(), ...overrides });

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

export async function createProduct(stack: Stack, seller: TestAccount, overrides: Partial<CreateProductBody> = {}) {
  return bodyOf(await send(stack, seller, productsApi.create, { body: productBody(overrides) }), 201);
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

/** The catalog stack of one test file: started before its tests and stopped after them; read its fields in tests. */
export function catalogStackOfFile(): Awaited<ReturnType<typeof startCatalogStack>> {
  const running = {} as Awaited<ReturnType<typeof startCatalogStack>>;
  beforeAll(async () => {
    Object.assign(running, await startCatalogStack());
  });
  afterAll(async () => {
    await running.stack?.stop();
  });
  return running;
}
