import type { Metadata } from 'next';
import Link from 'next/link';
import { getDict } from '@/lib/i18n';

/**
 * What a person sees for something that does not exist (answered with HTTP 404): what is missing, a search box and
 * the ways on, rather than a dead end.
 */
export async function MissingPage({ text }: { text?: (t: Awaited<ReturnType<typeof getDict>>['t']) => string }) {
  const { t } = await getDict();
  return (
    <section className="panel empty" aria-labelledby="missing-title">
      <h1 id="missing-title">{t.errors.notFound}</h1>
      <p>{text ? text(t) : t.errors.notFoundText}</p>
      <form role="search" action="/" method="get" className="row" aria-label={t.catalog.search}>
        <label className="visually-hidden" htmlFor="missing-q">{t.catalog.search}</label>
        <input id="missing-q" name="q" type="search" placeholder={t.catalog.search} />
        <button className="btn" type="submit">{t.catalog.searchButton}</button>
      </form>
      <p className="row">
        <Link className="btn btn-secondary" href="/">{t.errors.home}</Link>
        <Link className="btn btn-secondary" href="/directory?role=seller">{t.storefront.directory}</Link>
      </p>
    </section>
  );
}

/** The title of a missing thing's page, in the person's language (not the site's default). */
export async function missingPageMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.errors.notFound };
}
