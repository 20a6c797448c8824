// The original's fixed vocabularies (docs/design.md §9), with English labels added.
export const CATEGORIES = [
  { slug: 'electronica', es: 'Electrónica', en: 'Electronics' },
  { slug: 'audio', es: 'Audio y video', en: 'Audio and video' },
  { slug: 'informatica', es: 'Informática', en: 'Computing' },
  { slug: 'pequenios_dispositivos', es: 'Pequeños dispositivos', en: 'Small devices' },
  { slug: 'herramientas', es: 'Herramientas', en: 'Tools' },
  { slug: 'belleza', es: 'Belleza', en: 'Beauty' },
  { slug: 'deporte_bienestar', es: 'Deporte y bienestar', en: 'Sport and wellbeing' },
  { slug: 'prendas_moda', es: 'Prendas y moda', en: 'Clothing and fashion' },
  { slug: 'vehiculos', es: 'Vehículos', en: 'Vehicles' },
  { slug: 'industrias', es: 'Industrias', en: 'Industry' },
  { slug: 'construccion', es: 'Construcción', en: 'Construction' },
  { slug: 'oficinas', es: 'Oficinas', en: 'Office' },
  { slug: 'otra', es: 'Otra', en: 'Other' },
] as const;
export type CategorySlug = (typeof CATEGORIES)[number]['slug'];
export const CATEGORY_SLUGS = CATEGORIES.map((c) => c.slug) as CategorySlug[];

export const PRODUCT_STATES = ['NUEVO', 'USADO'] as const;
export type ProductState = (typeof PRODUCT_STATES)[number];

export const COLORS = [
  { slug: 'rojo', es: 'Rojo', en: 'Red', hex: '#dc2626' },
  { slug: 'azul', es: 'Azul', en: 'Blue', hex: '#2563eb' },
  { slug: 'verde', es: 'Verde', en: 'Green', hex: '#16a34a' },
  { slug: 'amarillo', es: 'Amarillo', en: 'Yellow', hex: '#facc15' },
  { slug: 'blanco', es: 'Blanco', en: 'White', hex: '#ffffff' },
  { slug: 'negro', es: 'Negro', en: 'Black', hex: '#111827' },
  { slug: 'gris', es: 'Gris', en: 'Grey', hex: '#9ca3af' },
] as const;
export type ColorSlug = (typeof COLORS)[number]['slug'];
export const COLOR_SLUGS = COLORS.map((c) => c.slug) as ColorSlug[];

export const SPECIAL_FEATURES = [
  { slug: 'envio_gratis', es: 'Envío gratis', en: 'Free shipping' },
  { slug: 'ahora_12', es: 'Ahora 12', en: '12 instalments' },
  { slug: 'garantia', es: '12 meses de garantía', en: '12-month warranty' },
  { slug: 'sustentable', es: 'Origen sustentable', en: 'Sustainable origin' },
] as const;
export type SpecialFeatureSlug = (typeof SPECIAL_FEATURES)[number]['slug'];
export const SPECIAL_FEATURE_SLUGS = SPECIAL_FEATURES.map((c) => c.slug) as SpecialFeatureSlug[];

export const MAX_FEATURE_ROWS = 15;
export const MAX_IMAGES = 4;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_DISCOUNT = 70;
export const DEFAULT_CURRENCY = 'ARS';

export const ROLES = ['consumer', 'seller'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const authorityOf = (role: Role) => (role === 'consumer' ? 'ROLE_CONSUMER' : 'ROLE_SELLER');
