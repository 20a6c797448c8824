// Shown while a page's data loads: a neutral skeleton of cards.
const CARDS = [0, 1, 2, 3, 4, 5, 6, 7];

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Cargando / Loading…</span>
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-bar" />
      <ul className="cards">
        {CARDS.map((i) => <li key={i}><div className="skeleton skeleton-card" /></li>)}
      </ul>
    </div>
  );
}
