'use client';
import { useEffect, useRef, useState, useTransition, type ChangeEvent } from 'react';
import { useRouter } from 'next/navigation';
import { FILTER_PARAMS, catalogHref } from '@/lib/catalog-params';
import { fmt } from '@/lib/template';

export interface FilterOption {
  value: string;
  label: string;
}
/** The form's values, as strings in the address (prices in whole pesos, `inStock` '1' or '', `sort` '' for the default). */
export type FilterValues = Record<'q' | 'category' | 'state' | 'minPrice' | 'maxPrice' | 'inStock' | 'sellerId' | 'sort', string>;

// Typing waits for a pause; a choice (select, checkbox) applies at once.
const TYPING_PAUSE_MS = 400;
/** The order when none is chosen: by relevance when there are words to search. */
const defaultSort = (v: FilterValues) => (v.q.trim() ? 'relevance' : 'newest');
/** The address of the form's values; the default order is not written, so equal lists have one address. */
const hrefOf = (v: FilterValues) => catalogHref({ ...v, sort: v.sort === defaultSort(v) ? '' : v.sort });

/**
 * The catalog's search and filters, applied as they change: each change navigates to the address that holds them
 * (so back, links and reloads show the same list), starting again at the first page. Without JavaScript it is a
 * plain GET form with a button. When the address changes from elsewhere (back, "clear filters") the form follows it.
 * On a phone all but the search fold behind a disclosure that says how many are applied, so the first screen shows
 * products (globals.css); on a wider screen the disclosure is not drawn and its fields sit in the form's grid.
 */
export function CatalogFilters({ values, labels, categories, states, sellers, sorts, inStockLabel }: {
  values: FilterValues;
  labels: {
    search: string; category: string; condition: string; seller: string; minPrice: string; maxPrice: string; sort: string; apply: string;
    filters: string; filtersActive: string;
  };
  categories: FilterOption[];
  states: FilterOption[];
  sellers: FilterOption[];
  sorts: FilterOption[];
  inStockLabel: string;
}) {
  const router = useRouter();
  const [form, setForm] = useState(values);
  const [pending, startTransition] = useTransition();
  // Set once the form runs in the browser: until then a change would go unseen (journeys wait for it).
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pushed = useRef(hrefOf(values));
  const current = hrefOf(values);
  const active = FILTER_PARAMS.filter((k) => values[k]).length;

  useEffect(() => {
    // A navigation this form did not make: show what the address now says.
    if (current !== pushed.current) {
      pushed.current = current;
      setForm(values);
    }
  }, [current, values]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (next: FilterValues, delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const href = hrefOf(next);
      if (href === pushed.current) return;
      pushed.current = href;
      startTransition(() => router.push(href, { scroll: false }));
    }, delay);
  };
  const change = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const { name, type } = e.target;
    const value = type === 'checkbox' ? ((e.target as HTMLInputElement).checked ? '1' : '') : e.target.value;
    const next = { ...form, [name]: value };
    // The order "most relevant" needs words to search by.
    if (name === 'q' && !value.trim() && next.sort === 'relevance') next.sort = '';
    setForm(next);
    go(next, type === 'search' || type === 'number' ? TYPING_PAUSE_MS : 0);
  };
  const select = (name: keyof FilterValues, label: string, options: FilterOption[], value = form[name]) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} value={value} onChange={change}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );

  return (
    <form className="panel filters" role="search" action="/" method="get" aria-label={labels.filters} aria-busy={pending}
      data-live={live || undefined}
      onSubmit={(e) => { e.preventDefault(); go(form, 0); }}>
      <div className="field">
        <label htmlFor="q">{labels.search}</label>
        <input id="q" name="q" type="search" value={form.q} maxLength={100} onChange={change} />
      </div>
      <details className="filters-fold">
        <summary>{active ? fmt(labels.filtersActive, { n: active }) : labels.filters}</summary>
        <div className="filters-more">
          {select('category', labels.category, categories)}
          {select('state', labels.condition, states)}
          {select('sellerId', labels.seller, sellers)}
          <div className="field">
            <label htmlFor="minPrice">{labels.minPrice}</label>
            <input id="minPrice" name="minPrice" type="number" inputMode="numeric" min={0} max={999999999} step={1} value={form.minPrice} onChange={change} />
          </div>
          <div className="field">
            <label htmlFor="maxPrice">{labels.maxPrice}</label>
            <input id="maxPrice" name="maxPrice" type="number" inputMode="numeric" min={0} max={999999999} step={1} value={form.maxPrice} onChange={change} />
          </div>
          <label className="check">
            <input type="checkbox" name="inStock" value="1" checked={form.inStock === '1'} onChange={change} /> {inStockLabel}
          </label>
          {select('sort', labels.sort, sorts.filter((o) => o.value !== 'relevance' || form.q.trim()), form.sort || defaultSort(form))}
        </div>
      </details>
      <noscript><button className="btn" type="submit">{labels.apply}</button></noscript>
    </form>
  );
}
