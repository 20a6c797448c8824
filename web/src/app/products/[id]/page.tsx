import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { removeProduct } from '@/app/actions/products';
import { BuyBox } from '@/components/buy-box';
import { Gallery } from '@/components/gallery';
import { missingPageMetadata } from '@/components/missing-page';
import { CashIcon, ShieldIcon, SpecialFeatureIcon } from '@/components/icons';
import { Notice } from '@/components/notice';
import { Pager } from '@/components/pager';
import { Price } from '@/components/price';
import { Stars } from '@/components/stars';
import { DEFAULT_CURRENCY } from '@marketshare/contracts';
import { orNull } from '@/lib/api/http';
import { getSellerReputation, listReviews } from '@/lib/api/orders';
import { getProduct } from '@/lib/api/products';
import { reviewCounts } from '@/lib/api/ratings';
import { getPublicUser } from '@/lib/api/users';
import { formatDate, formatNumber } from '@/lib/format';
import { fmt, getDict, type Dict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';
import { getSession } from '@/lib/session';
import { STATE_LABELS, categoryLabel, colorHex, colorLabel, reputationPill, specialFeatureLabel } from '@/lib/vocab';

type Params = Promise<{ id: string }>;
/** Only the strings the buy box shows go to the browser, not the whole product dictionary. */
const BUY_LABELS = ['quantity', 'decrease', 'increase', 'color', 'buy', 'buying', 'confirmTitle', 'confirmSure', 'estimate',
  'estimateNote', 'confirm', 'cancel', 'viewOrders', 'sellerCannotBuy', 'loginToBuy', 'outOfStock', 'max', 'lineTotal', 'addFunds', 'balanceShort', 'modify'] as const;
const buyLabels = (t: Dict) => Object.fromEntries(BUY_LABELS.map((k) => [k, t.product[k]])) as Record<(typeof BUY_LABELS)[number], string>;
const parseId = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : null);
const REVIEWS_PAGE_SIZE = 10;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = parseId((await params).id);
  const p = id ? await orNull(getProduct(id)).catch(() => null) : null;
  return p ? { title: p.name } : missingPageMetadata();
}

export default async function ProductPage({ params, searchParams }: {
  params: Params; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const id = parseId((await params).id);
  if (!id) notFound();
  const [{ t, locale }, session, sp] = await Promise.all([getDict(), getSession(), searchParams]);
  const product = await orNull(getProduct(id));
  if (!product) notFound();
  const reviewsPage = pageParam(sp.page);

  const [seller, reputation, reviews] = await Promise.all([
    getPublicUser(product.sellerId, locale),
    // Orders down: the page still renders, with the seller's figures shown as unknown.
    getSellerReputation(product.sellerId).catch(() => null),
    listReviews({ productId: id, page: reviewsPage, pageSize: REVIEWS_PAGE_SIZE }).catch(() => null),
  ]);
  const authors = reviews?.items.length ? await reviewCounts(reviews.items.map((r) => r.consumerId ?? 0)) : new Map<number, number>();
  const authorNames = await Promise.all((reviews?.items ?? []).map((r) => (r.consumerId ? getPublicUser(r.consumerId, locale) : Promise.resolve(null))));
  const isOwner = session?.role === 'seller' && session.userId === product.sellerId;
  const rating = reputation?.rating;
  const badge = reputation && reputationPill(reputation.badge, locale);
  const sellerName = seller?.organization?.name ?? seller?.username ?? '';
  const viewer = session?.role ?? 'guest';

  return (
    <>
      <Notice notice={sp.notice} t={t} />
      <div className="spread mb-075">
        <span className="row small muted">
          <Link href={`/?category=${encodeURIComponent(product.category)}`}>{categoryLabel(product.category, locale)}</Link>
          {sellerName && <span>{sellerName}</span>}
        </span>
        {isOwner && (
          <div className="row">
            <Link className="btn btn-secondary btn-small" href={`/products/${id}/edit`}>{t.product.modify}</Link>
            <details>
              <summary className="btn btn-secondary btn-small">{t.product.delete}</summary>
              <form action={removeProduct} className="panel popover">
                <input type="hidden" name="productId" value={id} />
                <p>{t.product.deleteConfirm}</p>
                <button className="btn btn-danger btn-small" type="submit">{t.product.delete}</button>
              </form>
            </details>
          </div>
        )}
      </div>

      <div className="product-layout">
        <section aria-label={t.form.images}>
          <Gallery images={product.images} name={product.name}
            labels={{ moreImages: t.product.moreImages, enlarge: t.product.enlarge, close: t.product.close,
              prev: t.product.prevImage, next: t.product.nextImage, noImage: t.catalog.noImage,
              counter: t.productPhone.counter, position: t.productPhone.position }} />
        </section>

        <section>
          <h1 className="mb-025">{product.name}</h1>
          <Stars value={product.rating.average} count={product.rating.count} t={t} locale={locale} />
          <dl className="kv">
            <dt>{t.product.state}</dt><dd>{STATE_LABELS[product.state]?.[locale] ?? product.state}</dd>
            <dt>{t.product.reviews}</dt><dd>{product.rating.count}</dd>
            <dt>{t.product.published}</dt><dd>{formatDate(product.publishedAt, locale)}</dd>
          </dl>
          <p>{product.description}</p>
          <p><Price price={product.price} discount={product.discount} currency={DEFAULT_CURRENCY} t={t} locale={locale} /></p>
          {product.colors.length > 0 && (
            <p className="row small" aria-label={t.product.colors}>
              {product.colors.map((c) => (
                <span key={c} className="row gap-025">
                  <span className="swatch" style={{ background: colorHex(c) }} aria-hidden="true" />{colorLabel(c, locale)}
                </span>
              ))}
            </p>
          )}

          <div className="panel">
            <h2>{t.product.buyDetails}</h2>
            {product.specialFeatures.length > 0 && (
              <p className="row">
                {product.specialFeatures.map((f) => (
                  <span className="chip" key={f}><SpecialFeatureIcon slug={f} />{specialFeatureLabel(f, locale, true)}</span>
                ))}
              </p>
            )}
            <p>{product.stock > 0 ? fmt(t.product.stock, { n: product.stock }) : <strong>{t.product.outOfStock}</strong>}</p>
            <BuyBox productId={product.id} productName={product.name} price={product.price} discount={product.discount}
              currency={DEFAULT_CURRENCY} stock={product.stock} viewer={viewer} locale={locale}
              loginHref={`/login?next=${encodeURIComponent(`/products/${id}`)}`} editHref={isOwner ? `/products/${id}/edit` : undefined}
              colors={product.colors.map((c) => ({ slug: c, label: colorLabel(c, locale), hex: colorHex(c) }))}
              labels={buyLabels(t)}
              barLabels={{ bar: t.productPhone.bar, loginToBuy: t.productPhone.loginToBuy, consumersOnly: t.productPhone.consumersOnly }} />
          </div>
        </section>
      </div>

      <div className="product-layout mt-125">
        <div>
          <section className="panel">
            <h2>{t.product.features}</h2>
            {product.features.text && <p className="pre-line">{product.features.text}</p>}
            {product.features.rows.length > 0 && (
              <table className="features-table">
                <tbody>
                  {product.features.rows.map((r, i) => <tr key={i}><th scope="row">{r.feature}</th><td>{r.value}</td></tr>)}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel" aria-labelledby="opinions">
            <h2 id="opinions">{fmt(t.product.opinions, { n: reviews?.total ?? 0 })}</h2>
            {!reviews?.items.length ? (
              <p className="muted">{t.product.noReviews}</p>
            ) : (
              reviews.items.map((r, i) => (
                <article className="review-card" key={r.id}>
                  <div className="spread small muted">
                    <span>{formatDate(r.createdAt, locale)}</span>
                    {i === 0 && reviewsPage === 1 && <span className="tag-new">{t.product.newest}</span>}
                  </div>
                  <Stars value={r.rating} t={t} locale={locale} />
                  <h3 className="my-025">{r.title}</h3>
                  <p className="m0">{r.summary}</p>
                  <p className="small muted reviewer">
                    {authorNames[i]?.organization?.name ?? authorNames[i]?.username ?? ''} | {fmt(t.product.reviewerRatings, { n: authors.get(r.consumerId ?? 0) ?? 0 })}
                  </p>
                </article>
              ))
            )}
            {reviews && (
              <Pager page={reviewsPage} pageSize={REVIEWS_PAGE_SIZE} total={reviews.total} params={{}} t={t}
                path={`/products/${id}`} anchor="opinions" label={t.product.reviewPages} />
            )}
          </section>
        </div>
        <aside>
          <section className="panel" aria-labelledby="seller-details">
            <h2 id="seller-details">{t.product.sellerDetails}</h2>
            {seller ? (
              <>
                <p className="m0"><strong><Link href={`/sellers/${product.sellerId}`}>{sellerName}</Link></strong> · {seller.username}</p>
                <p className="small muted m0">{seller.country?.name}</p>
                <p className="small muted">{fmt(t.product.since, { date: formatDate(seller.registeredAt, locale) })}</p>
              </>
            ) : null}
            <dl className="kv">
              <dt>{t.product.rating}</dt>
              <dd data-testid="seller-rating">
                {rating ? `${formatNumber(rating.average, locale)} (${fmt(t.product.ratingCount, { n: rating.count })})` : '—'}
              </dd>
              <dt>{t.product.sales}</dt>
              <dd data-testid="seller-sales">{reputation ? formatNumber(reputation.deliveredSales, locale) : '—'}</dd>
            </dl>
            {badge && <span className={`pill tone-${badge.tone}`} data-testid="seller-badge">{badge.label}</span>}
          </section>
          <section className="panel">
            <h2>{t.product.payment}</h2>
            {/* The only way to pay on Marketshare: the buyer's balance, funded from the profile. */}
            <p className="row" data-testid="payment-methods"><CashIcon />{t.product.payBalance}</p>
            <p className="banner banner-ok mt-1 mb-0"><ShieldIcon /> <span><strong>{t.product.protected}.</strong> {t.product.protectedNote}</span></p>
          </section>
        </aside>
      </div>
    </>
  );
}
