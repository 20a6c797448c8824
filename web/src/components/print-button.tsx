'use client';

/** Opens the browser's print dialog (the page's print stylesheet leaves out everything but the document). */
export function PrintButton({ label }: { label: string }) {
  return <button type="button" className="btn" onClick={() => window.print()}>{label}</button>;
}
