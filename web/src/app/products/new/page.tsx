import type { Metadata } from 'next';
import { ProductForm } from '@/components/product-form';
import { getDict } from '@/lib/i18n';
import { productFormProps, toFormInitial } from '@/lib/product-form-options';
import { requireUser } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.form.createTitle };
}

export default async function NewProductPage() {
  await requireUser('/products/new', 'seller');
  const { t, locale } = await getDict();
  return (
    <>
      <h1>{t.form.createTitle}</h1>
      <section className="panel">
        <ProductForm initial={toFormInitial()} idempotencyKey={crypto.randomUUID()} {...productFormProps(t, locale)} />
      </section>
    </>
  );
}
