import 'server-only';
import { call } from './http';
import type { PageOf, Product, ProductImage, ProductInput } from './types';

export interface ProductQuery {
  q?: string;
  category?: string;
  sellerId?: number;
  state?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}
export const listProducts = (query: ProductQuery) => call<PageOf<Product>>('products', '/api/products', { query: { ...query } });
export const getProduct = (id: number) => call<Product>('products', `/api/products/${id}`);
export const createProduct = (input: ProductInput) => call<Product>('products', '/api/products', { method: 'POST', json: input });
export const updateProduct = (id: number, patch: Partial<ProductInput> & { imageOrder?: number[] }) =>
  call<Product>('products', `/api/products/${id}`, { method: 'PATCH', json: patch });
export const deleteProduct = (id: number) => call<void>('products', `/api/products/${id}`, { method: 'DELETE' });

/** Uploads files as multipart parts named `file`; answers with the product's images after the upload. */
export async function uploadImages(id: number, files: File[]): Promise<ProductImage[]> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name || 'image');
  const res = await call<Product | { images: ProductImage[] } | ProductImage[]>('products', `/api/products/${id}/images`, {
    method: 'POST',
    form,
  });
  return Array.isArray(res) ? res : res.images;
}
export const deleteImage = (id: number, imageId: number) =>
  call<void>('products', `/api/products/${id}/images/${imageId}`, { method: 'DELETE' });
