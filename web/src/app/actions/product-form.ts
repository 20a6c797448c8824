'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { createProduct, replaceProduct } from '@/lib/api/products';
import type { CategorySlug, ColorSlug, ProductInput, SpecialFeatureSlug } from '@marketshare/contracts';
import { ApiError } from '@/lib/api/http';
import { fromApiError, str, type FormState } from '@/lib/form-state';
import { getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';

/** Money typed in pesos ("1234,50" or "1234.50") to minor units; NaN when it is not a number. */
function pesosToMinor(s: string): number {
  const normalized = s.replace(/\s/g, '').replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(normalized) ? Math.round(Number(normalized) * 100) : Number.NaN;
}
const int = (s: string) => (/^-?\d+$/.test(s) ? Number(s) : Number.NaN);

/** The form's fields as the API takes them; the products service checks every value (400 with the field). */
function readInput(fd: FormData): ProductInput {
  const strings = (k: string) => fd.getAll(k).filter((v): v is string => typeof v === 'string');
  const features = strings('rowFeature').map((feature, i) => ({ feature: feature.trim(), value: (strings('rowValue')[i] ?? '').trim() }));
  return {
    name: str(fd, 'name'),
    description: str(fd, 'description'),
    category: str(fd, 'category') as CategorySlug,
    state: str(fd, 'state') as ProductInput['state'],
    colors: strings('colors') as ColorSlug[],
    price: pesosToMinor(str(fd, 'price')),
    discount: int(str(fd, 'discount') || '0'),
    stock: int(str(fd, 'stock')),
    features: { text: str(fd, 'featuresText'), rows: features.filter((r) => r.feature || r.value) },
    specialFeatures: strings('specialFeatures') as SpecialFeatureSlug[],
  };
}

/** The products service refused a file as an image (not one, unreadable, or too large). */
const isImageRejected = (e: unknown) =>
  e instanceof ApiError && ['unsupported_media_type', 'invalid_image', 'image_too_large'].includes(e.code);

/** Where the service's refused fields are on this form: its files are the image picker's, its features the text's. */
const FORM_FIELDS: Record<string, string> = { file: 'images', features: 'featuresText' };

/**
 * Creates or updates a product. A save is one request to the products service, fields and images together
 * (tokens "e<imageId>" for kept images, "n<index>" for new files, in display order): it is stored whole or not at
 * all, so a bad image publishes nothing or leaves the product as it was, and the same form can simply be sent again.
 * A new product's form carries the key its page was rendered with, so sending it twice publishes one product.
 */
export async function saveProduct(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const existingId = Number(str(fd, 'productId')) || null;
  await requireUser(existingId ? `/products/${existingId}/edit` : '/products/new', 'seller');
  const input = readInput(fd);
  const files = fd.getAll('file').filter((f): f is File => typeof f === 'object' && f.size > 0);
  const order = str(fd, 'imageOrder').split(',').filter(Boolean);
  const values: Record<string, string> = {};

  const fieldErrors: Record<string, string> = {};
  if (!input.name) fieldErrors.name = t.login.required;
  if (!input.description) fieldErrors.description = t.login.required;
  if (!input.category) fieldErrors.category = t.login.required;
  if (!input.state) fieldErrors.state = t.login.required;
  if (!Number.isFinite(input.price) || input.price <= 0) fieldErrors.price = t.form.priceHint;
  if (!Number.isInteger(input.discount) || input.discount < 0 || input.discount > 70) fieldErrors.discount = t.form.discountHint;
  if (!Number.isInteger(input.stock) || input.stock < 0) fieldErrors.stock = t.login.required;
  if (!input.features.text && input.features.rows.length === 0) fieldErrors.featuresText = t.form.needFeatures;
  if (order.length === 0) fieldErrors.images = t.form.needImage;
  if (order.length > 4) fieldErrors.images = t.form.tooManyImages;
  if (Object.keys(fieldErrors).length) return { ok: false, message: t.form.missing, fieldErrors, values };

  const images = order.map((tok) => (tok[0] === 'e' ? { id: Number(tok.slice(1)) } : { file: Number(tok.slice(1)) }));
  let id: number;
  try {
    // a new product's images are all new files, sent in display order
    id = existingId
      ? (await replaceProduct(existingId, input, images, files)).id
      : (await createProduct(input, files, str(fd, 'idempotencyKey') || undefined)).id;
  } catch (e) {
    const failed = fromApiError(e, dict, values);
    const refused = Object.fromEntries(Object.entries(failed.fieldErrors ?? {}).map(([k, v]) => [FORM_FIELDS[k] ?? k, v]));
    return { ...failed, fieldErrors: refused, ...(isImageRejected(e) && { message: t.form.badImage }) };
  }
  revalidatePath('/');
  revalidatePath(`/products/${id}`);
  redirect(`/products/${id}?notice=${existingId ? 'updated' : 'created'}`);
}
