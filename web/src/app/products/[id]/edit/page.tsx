import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ProductForm } from '@/components/product-form';
import { orNull } from '@/lib/api/http';
import { getProduct } from '@/lib/api/products';
import { getDict } from '@/lib/i18n';
import { productFormProps, toFormInitial } from '@/lib/product-form-options';
import { requireUser } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.form.updateTitle };
}

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const id = Number(raw);
  const session = await requireUser(`/products/${id}/edit`, 'seller');
  const product = await orNull(getProduct(id));
  if (!product) notFound();
  if (product.sellerId !== session.userId) redirect(`/products/${id}?notice=ownerOnly`);
  const { t, locale } = await getDict();
  return (
    <>
      <h1>{t.form.updateTitle}</h1>
      <section className="panel">
        <ProductForm initial={toFormInitial(product)} {...productFormProps(t, locale)} />
      </section>
    </>
  );
}
