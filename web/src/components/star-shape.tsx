// A star filled to a fraction (0–1): a grey star under a gold one clipped by width, so no SVG ids are needed.
const PATH = 'M12 2l3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01z';

export function StarShape({ fill }: { fill: number }) {
  return (
    <span style={{ position: 'relative', display: 'inline-block', width: '1em', height: '1em', lineHeight: 0 }} aria-hidden="true">
      <svg viewBox="0 0 24 24" width="100%" height="100%"><path d={PATH} fill="#d1d5db" /></svg>
      <span style={{ position: 'absolute', inset: 0, width: `${fill * 100}%`, overflow: 'hidden' }}>
        <svg viewBox="0 0 24 24" style={{ width: '1em', height: '1em' }}><path d={PATH} fill="#d97706" /></svg>
      </span>
    </span>
  );
}
