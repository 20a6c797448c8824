import 'server-only';
import type { ProductFormInitial } from '@/components/product-form';
import type { Product } from '@marketshare/contracts';
import type { Dict } from './dictionaries';
import type { Locale } from './i18n';
import { CATEGORIES, COLORS, SPECIAL_FEATURES, STATE_LABELS, categoryLabel } from './vocab';

/** The product form's choices and texts in the page's language. */
export function productFormProps(t: Dict, locale: Locale) {
  return {
    categories: CATEGORIES.map((c) => ({ value: c.slug, label: categoryLabel(c.slug, locale) })),
    states: Object.entries(STATE_LABELS).map(([value, l]) => ({ value, label: l[locale] })),
    colors: COLORS.map((c) => ({ value: c.slug, label: c[locale], hex: c.hex })),
    specialFeatures: SPECIAL_FEATURES.map((s) => ({ value: s.slug, label: s[locale] })),
    labels: t.form,
  };
}

/** A product as the form edits it: money back in pesos, as a person types it. */
export function toFormInitial(p?: Product): ProductFormInitial {
  if (!p) {
    // Nothing chosen for the seller: a variant, a category or a stock nobody picked would be published as theirs.
    return { name: '', description: '', category: '', state: '', colors: [], price: '', discount: '0', stock: '',
      featuresText: '', rows: [], specialFeatures: [], images: [] };
  }
  return {
    id: p.id, name: p.name, description: p.description, category: p.category, state: p.state, colors: p.colors,
    price: (p.price / 100).toFixed(2), discount: String(p.discount), stock: String(p.stock), featuresText: p.features.text,
    rows: p.features.rows, specialFeatures: p.specialFeatures, images: p.images,
  };
}
