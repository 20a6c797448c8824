// Shown while a page's data loads: a neutral skeleton of cards.
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Cargando / Loading…</span>
      <div className="skeleton" style={{ height: '2rem', width: '40%', marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: '4.5rem', marginBottom: '1rem' }} />
      <ul className="cards">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i}><div className="skeleton" style={{ height: '300px' }} /></li>
        ))}
      </ul>
    </div>
  );
}
