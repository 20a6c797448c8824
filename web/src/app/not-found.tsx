import Link from 'next/link';
import { getDict } from '@/lib/i18n';

export default async function NotFound() {
  const { t } = await getDict();
  return (
    <section className="panel empty">
      <h1>{t.errors.notFound}</h1>
      <p>{t.errors.notFoundText}</p>
      <Link className="btn" href="/">{t.errors.home}</Link>
    </section>
  );
}
