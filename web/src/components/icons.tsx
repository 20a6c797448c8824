// Icons without an icon library and without an SVG tree per use: each is one empty element whose shape is a CSS
// mask defined once in globals.css (`.icon-…`), painted in the text colour. All are decorative (aria-hidden).
const icon = (name: string) => function Icon() {
  return <span className={`icon icon-${name}`} aria-hidden="true" />;
};

export const LogoIcon = icon('logo');
export const TruckIcon = icon('truck');
export const ShieldIcon = icon('shield');
export const LeafIcon = icon('leaf');
export const CashIcon = icon('cash');
export const CloseIcon = icon('close');
export const ChevronLeftIcon = icon('chevron-left');
export const ChevronRightIcon = icon('chevron-right');

const special = new Set(['envio_gratis', 'ahora_12', 'garantia', 'sustentable']);
export function SpecialFeatureIcon({ slug }: { slug: string }) {
  return special.has(slug) ? <span className={`icon icon-${slug}`} aria-hidden="true" /> : null;
}
