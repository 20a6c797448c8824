import 'server-only';
import { productsApi as api, type CatalogQuery, type CreateProductBody, type ImageSlot } from '@marketshare/contracts';
import { call } from './http';

export const listProducts = (query: CatalogQuery) => call(api.list, { query });
export const getProduct = (id: number) => call(api.get, { params: { id } });
export const deleteProduct = (id: number) => call(api.delete, { params: { id } });

/**
 * Publishes a new product with its images (`files`, in display order) in one request the products service stores
 * all or nothing. The form's key makes the same form sent twice publish once: the second answers the first product.
 */
export async function createProduct(fields: CreateProductBody, files: File[], idempotencyKey: string | undefined) {
  const body = productForm(fields, files);
  return call(api.create, { body, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
}

/**
 * Saves a product whole: its fields and its images in display order (`{ id }` an image it keeps, `{ file: n }` the
 * n-th of `files`), in one request the products service stores all or nothing; the same call again leaves the same
 * product. Answers the product as saved.
 */
export async function replaceProduct(id: number, fields: CreateProductBody, images: ImageSlot[], files: File[]) {
  return call(api.replace, { params: { id }, body: productForm({ ...fields, images }, files) });
}

/** A whole product as the products service takes it: the fields as JSON in the part `product`, the files after. */
function productForm(product: object, files: File[]): FormData {
  const form = new FormData();
  form.append('product', JSON.stringify(product));
  for (const f of files) form.append('file', f, f.name || 'image');
  return form;
}
