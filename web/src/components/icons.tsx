// Inline SVG icons (no icon library): decorative unless given a label.
import type { ReactNode } from 'react';

function Svg({ children, label, size = 20 }: { children: ReactNode; label?: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"
      strokeLinecap="round" strokeLinejoin="round" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      {children}
    </svg>
  );
}

export const LogoIcon = () => (
  <Svg size={26}><path d="M3 9l1.5-5h15L21 9" /><path d="M3 9h18v2a3 3 0 0 1-6 0 3 3 0 0 1-6 0 3 3 0 0 1-6 0z" /><path d="M5 13v7h14v-7" /></Svg>
);
export const TruckIcon = () => <Svg><path d="M1 4h14v11H1z" /><path d="M15 8h4l3 4v3h-7" /><circle cx="5.5" cy="18" r="2" /><circle cx="18.5" cy="18" r="2" /></Svg>;
export const CardIcon = () => <Svg><rect x="2" y="5" width="20" height="14" rx="2" /><path d="M2 10h20" /></Svg>;
export const ShieldIcon = () => <Svg><path d="M12 2l8 4v6c0 5-3.5 9-8 10-4.5-1-8-5-8-10V6z" /></Svg>;
export const LeafIcon = () => <Svg><path d="M5 21c0-9 6-15 16-16-1 10-7 16-16 16z" /><path d="M5 21l8-8" /></Svg>;
export const CashIcon = () => <Svg><rect x="2" y="6" width="20" height="12" rx="2" /><circle cx="12" cy="12" r="3" /></Svg>;
export const ChequeIcon = () => <Svg><rect x="2" y="5" width="20" height="14" rx="2" /><path d="M6 15h6M6 11h12" /></Svg>;
export const LockIcon = () => <Svg size={40}><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></Svg>;

const special: Record<string, () => ReactNode> = { envio_gratis: TruckIcon, ahora_12: CardIcon, garantia: ShieldIcon, sustentable: LeafIcon };
export function SpecialFeatureIcon({ slug }: { slug: string }) {
  const I = special[slug];
  return I ? <I /> : null;
}
