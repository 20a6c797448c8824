'use client';
import { useEffect, useState } from 'react';

// Error boundaries are client components, so the texts travel with them; the language is the page's <html lang>.
const texts = {
  es: { title: 'Ocurrió un error', text: 'La página solicitada requería un recurso que no pudo ser recuperado.', retry: 'Reintentar', home: 'Ir al inicio' },
  en: { title: 'An error occurred', text: 'The requested page needed a resource that could not be retrieved.', retry: 'Retry', home: 'Go to home' },
};

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [lang, setLang] = useState<'es' | 'en'>('es');
  useEffect(() => setLang(document.documentElement.lang.startsWith('en') ? 'en' : 'es'), []);
  const t = texts[lang];
  return (
    <section className="panel empty" role="alert">
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      {error.digest && <p className="small muted">Ref: {error.digest}</p>}
      <div className="row" style={{ justifyContent: 'center' }}>
        <button className="btn" onClick={reset}>{t.retry}</button>
        <a className="btn btn-secondary" href="/">{t.home}</a>
      </div>
    </section>
  );
}
