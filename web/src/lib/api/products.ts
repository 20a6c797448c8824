import 'server-only';
import { productsApi as api, type CatalogQuery, type CreateProductBody, type UpdateProductBody } from '@marketshare/contracts';
import { call } from './http';

export const listProducts = (query: CatalogQuery) => call(api.list, { query });
export const getProduct = (id: number) => call(api.get, { params: { id } });
export const createProduct = (input: CreateProductBody) => call(api.create, { body: input });
export const updateProduct = (id: number, patch: UpdateProductBody) => call(api.update, { params: { id }, body: patch });
export const deleteProduct = (id: number) => call(api.delete, { params: { id } });

/** Uploads files as multipart parts named `file`; answers with the product as it is after the upload. */
export async function uploadImages(id: number, files: File[]) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name || 'image');
  return call(api.uploadImages, { params: { id }, body: form });
}
export const deleteImage = (id: number, imageId: number) => call(api.deleteImage, { params: { id, imageId } });
