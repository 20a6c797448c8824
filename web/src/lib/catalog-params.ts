import type { CatalogQuery, ProductSort } from '@marketshare/contracts';
import { CATEGORY_SLUGS, PRODUCT_STATES } from '@marketshare/contracts/plain';
import { pageParam } from './page-param';

// The catalog's address is its state: every filter is a query parameter, so a filtered list can be linked, shared,
// bookmarked and gone back to. One reading of those parameters serves the page, the filter form and the pager.

export const CATALOG_SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'rating'] as const satisfies readonly ProductSort[];
/** The parameters of the catalog's address, in the order they are written. */
export const CATALOG_PARAMS = ['q', 'category', 'state', 'minPrice', 'maxPrice', 'inStock', 'sellerId', 'sort', 'page'] as const;
/** The parameters "clear filters" removes: the search words and the order stay. */
export const FILTER_PARAMS = ['category', 'state', 'minPrice', 'maxPrice', 'inStock', 'sellerId'] as const;

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined);
/** Whole pesos as typed in the address (at most 9 digits: the API's ceiling is 10^9 pesos). */
const pesos = (v: string | undefined) => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** The catalog's state as read from its address; anything unknown or malformed is left out, never an error. */
export interface CatalogState {
  q: string;
  category: string;
  state: string;
  /** Whole pesos. */
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
  sellerId?: number;
  /** As asked for; `relevance` is the default when there are words to search, `newest` otherwise. */
  sort: ProductSort;
  page: number;
}

export function readCatalogState(sp: Search): CatalogState {
  const q = (one(sp.q) ?? '').trim().slice(0, 100);
  let minPrice = pesos(one(sp.minPrice));
  let maxPrice = pesos(one(sp.maxPrice));
  // A range typed backwards means the same range.
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) [minPrice, maxPrice] = [maxPrice, minPrice];
  const sellerId = /^[1-9]\d{0,8}$/.test(one(sp.sellerId) ?? '') ? Number(one(sp.sellerId)) : undefined;
  const askedSort = CATALOG_SORTS.find((s) => s === one(sp.sort));
  const sort = askedSort === 'relevance' && !q ? 'newest' : (askedSort ?? (q ? 'relevance' : 'newest'));
  return {
    q,
    category: CATEGORY_SLUGS.find((c) => c === one(sp.category)) ?? '',
    state: PRODUCT_STATES.find((s) => s === one(sp.state)) ?? '',
    minPrice,
    maxPrice,
    inStock: one(sp.inStock) === '1',
    sellerId,
    sort,
    page: pageParam(sp.page),
  };
}

/** The products API's query for a catalog state (prices in centavos), with the filters' counts. */
export function catalogQuery(s: CatalogState, pageSize: number): CatalogQuery {
  return {
    ...(s.q && { q: s.q }),
    ...(s.category && { category: s.category as CatalogQuery['category'] }),
    ...(s.state && { state: s.state as CatalogQuery['state'] }),
    ...(s.minPrice !== undefined && { minPrice: s.minPrice * 100 }),
    ...(s.maxPrice !== undefined && { maxPrice: s.maxPrice * 100 }),
    ...(s.inStock && { inStock: true }),
    ...(s.sellerId !== undefined && { sellerId: s.sellerId }),
    sort: s.sort,
    facets: true,
    page: s.page,
    pageSize,
  };
}

/** The address's parameters for a catalog state; defaults (first page, the default order, no filter) are left out. */
export function catalogParams(s: CatalogState): Record<string, string | undefined> {
  const defaultSort = s.q ? 'relevance' : 'newest';
  return {
    q: s.q || undefined,
    category: s.category || undefined,
    state: s.state || undefined,
    minPrice: s.minPrice?.toString(),
    maxPrice: s.maxPrice?.toString(),
    inStock: s.inStock ? '1' : undefined,
    sellerId: s.sellerId?.toString(),
    sort: s.sort === defaultSort ? undefined : s.sort,
    page: s.page > 1 ? String(s.page) : undefined,
  };
}

/** `/` with the given parameters, in the catalog's order, empty ones left out. */
export function catalogHref(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const k of CATALOG_PARAMS) {
    const v = params[k]?.trim();
    if (v) q.set(k, v);
  }
  const search = q.toString();
  return search ? `/?${search}` : '/';
}

export const hasFilters = (s: CatalogState) =>
  Boolean(s.category || s.state || s.minPrice !== undefined || s.maxPrice !== undefined || s.inStock || s.sellerId);
