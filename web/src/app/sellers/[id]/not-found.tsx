import { MissingPage, missingPageMetadata } from '@/components/missing-page';

export const generateMetadata = missingPageMetadata;

export default function NotFound() {
  return <MissingPage text={(t) => t.errors.sellerNotFound} />;
}
