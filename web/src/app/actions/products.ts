'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { deleteProduct } from '@/lib/api/products';
import { str } from '@/lib/form-state';
import { requireUser } from '@/lib/session';

export async function removeProduct(fd: FormData) {
  const id = Number(str(fd, 'productId'));
  await requireUser(`/products/${id}`, 'seller');
  await deleteProduct(id); // the products service checks ownership
  revalidatePath('/');
  redirect('/?notice=deleted');
}
