'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { createProduct, deleteImage, getProduct, updateProduct, uploadImages } from '@/lib/api/products';
import type { CategorySlug, ColorSlug, ProductInput, SpecialFeatureSlug } from '@marketshare/contracts';
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
    state: str(fd, 'state') === 'USADO' ? 'USADO' : 'NUEVO',
    colors: strings('colors') as ColorSlug[],
    price: pesosToMinor(str(fd, 'price')),
    discount: int(str(fd, 'discount') || '0'),
    stock: int(str(fd, 'stock')),
    features: { text: str(fd, 'featuresText'), rows: features.filter((r) => r.feature || r.value) },
    specialFeatures: strings('specialFeatures') as SpecialFeatureSlug[],
  };
}

/**
 * Creates or updates a product: the JSON fields first, then removed images deleted, new ones uploaded, and the
 * final order (tokens "e<imageId>" for kept images, "n<index>" for new files) sent as imageOrder.
 */
export async function saveProduct(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t } = await getDict();
  const existingId = Number(str(fd, 'productId')) || null;
  await requireUser(existingId ? `/products/${existingId}/edit` : '/products/new', 'seller');
  const input = readInput(fd);
  const files = fd.getAll('file').filter((f): f is File => typeof f === 'object' && f.size > 0);
  const order = str(fd, 'imageOrder').split(',').filter(Boolean);
  const removed = str(fd, 'removedImages').split(',').filter(Boolean).map(Number);
  const values: Record<string, string> = {};

  const fieldErrors: Record<string, string> = {};
  if (!input.name) fieldErrors.name = t.login.required;
  if (!input.description) fieldErrors.description = t.login.required;
  if (!input.category) fieldErrors.category = t.login.required;
  if (!Number.isFinite(input.price) || input.price <= 0) fieldErrors.price = t.form.priceHint;
  if (!Number.isInteger(input.discount) || input.discount < 0 || input.discount > 70) fieldErrors.discount = t.form.discountHint;
  if (!Number.isInteger(input.stock) || input.stock < 0) fieldErrors.stock = t.login.required;
  if (!input.features.text && input.features.rows.length === 0) fieldErrors.featuresText = t.form.needFeatures;
  if (order.length === 0) fieldErrors.images = t.form.needImage;
  if (order.length > 4) fieldErrors.images = t.form.tooManyImages;
  if (Object.keys(fieldErrors).length) return { ok: false, message: t.form.missing, fieldErrors, values };

  let id = existingId;
  try {
    if (id) await updateProduct(id, input);
    else id = (await createProduct(input)).id;
  } catch (e) {
    return fromApiError(e, t, values);
  }
  try {
    for (const imageId of removed) await deleteImage(id, imageId);
    const before = existingId ? new Set((await getProduct(id)).images.map((i) => i.id)) : new Set<number>();
    const after = files.length ? await uploadImages(id, files) : null;
    const added = after ? after.images.filter((i) => !before.has(i.id)).map((i) => i.id).sort((a, b) => a - b) : [];
    const imageOrder = order
      .map((tok) => (tok[0] === 'e' ? Number(tok.slice(1)) : added[Number(tok.slice(1))]))
      .filter((x): x is number => Number.isInteger(x));
    if (imageOrder.length > 1) await updateProduct(id, { imageOrder });
  } catch (e) {
    // The product exists now: later submissions of this form update it instead of creating another.
    return { ...fromApiError(e, t, values), result: { productId: id } };
  }
  revalidatePath('/');
  revalidatePath(`/products/${id}`);
  redirect(`/products/${id}?notice=${existingId ? 'updated' : 'created'}`);
}
