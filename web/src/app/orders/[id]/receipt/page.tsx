import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/print-button';
import type { ReceiptParty } from '@marketshare/contracts';
import { getReceipt, ownOrNull } from '@/lib/api/orders';
import { formatDate, formatMoney } from '@/lib/format';
import { fmt, getDict, type Dict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';
import { colorLabel, statusInfo } from '@/lib/vocab';

type Params = Promise<{ id: string }>;
const parseId = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : null);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { t } = await getDict();
  return { title: `${t.receipt.title} · ${fmt(t.receipt.orderN, { id: (await params).id })}` };
}

function Party({ title, party, t }: { title: string; party: ReceiptParty; t: Dict }) {
  return (
    <div>
      <h2>{title}</h2>
      <p className="m0"><strong>{party.organization ?? t.receipt.unknown}</strong></p>
      {party.username && <p className="m0 muted">{party.username}</p>}
    </div>
  );
}

/**
 * An order's printable receipt, for its buyer and its seller only: the orders service answers 404 to anybody else
 * and that is the page they get. Printing leaves out the site's header, footer and buttons (globals.css).
 */
export default async function ReceiptPage({ params }: { params: Params }) {
  const raw = (await params).id;
  await requireUser(`/orders/${raw}/receipt`);
  const id = parseId(raw);
  if (!id) notFound();
  const { t, locale } = await getDict();
  const receipt = await ownOrNull(getReceipt(id));
  if (!receipt) notFound();
  const { order: o, seller, buyer } = receipt;
  const money = (minor: number) => formatMoney(minor, o.currency, locale);
  const subtotal = o.unitPrice * o.quantity;

  return (
    <article className="receipt panel" aria-labelledby="receipt-title">
      <div className="spread no-print">
        <Link href={`/orders/${o.id}`}>← {t.receipt.back}</Link>
        <PrintButton label={t.receipt.print} />
      </div>
      <header className="receipt-head">
        <p className="receipt-brand m0">Marketshare</p>
        <h1 id="receipt-title" className="m0">{t.receipt.title} · {fmt(t.receipt.orderN, { id: o.id })}</h1>
        <p className="muted m0">{t.receipt.placed}: {formatDate(o.createdAt, locale, true)}</p>
      </header>
      <section className="receipt-parties">
        <Party title={t.receipt.seller} party={seller} t={t} />
        <Party title={t.receipt.buyer} party={buyer} t={t} />
      </section>
      <table className="receipt-lines" data-testid="receipt-lines">
        <thead>
          <tr>
            <th scope="col">{t.receipt.product}</th>
            <th scope="col" className="num">{t.receipt.quantity}</th>
            <th scope="col" className="num">{t.receipt.unitPrice}</th>
            <th scope="col" className="num">{t.receipt.discount}</th>
            <th scope="col" className="num">{t.receipt.total}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{o.productName}{o.color && <span className="muted"> · {t.receipt.colour}: {colorLabel(o.color, locale)}</span>}</td>
            <td className="num" data-testid="receipt-quantity">{o.quantity}</td>
            <td className="num" data-testid="receipt-unit-price">{money(o.unitPrice)}</td>
            <td className="num" data-testid="receipt-discount">{o.discount}%</td>
            <td className="num">{money(o.total)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr><th scope="row" colSpan={4}>{t.receipt.subtotal}</th><td className="num">{money(subtotal)}</td></tr>
          <tr><th scope="row" colSpan={4}>{t.receipt.discount} ({o.discount}%)</th><td className="num">{money(o.total - subtotal)}</td></tr>
          <tr className="receipt-total"><th scope="row" colSpan={4}>{t.receipt.total}</th><td className="num" data-testid="receipt-total">{money(o.total)}</td></tr>
        </tfoot>
      </table>
      <section>
        <h2>{t.receipt.history}</h2>
        <table className="receipt-history" data-testid="receipt-history">
          <thead><tr><th scope="col">{t.receipt.status}</th><th scope="col">{t.receipt.date}</th></tr></thead>
          <tbody>
            {o.statusHistory.map((h, i) => (
              <tr key={i} data-status={h.status}><td>{statusInfo(h.status, locale).label}</td><td>{formatDate(h.at, locale, true)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
