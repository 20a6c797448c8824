/** A horizontal bar chart in plain SVG, with the figures also given as text for screen readers. */
export function BarChart({ title, bars }: { title: string; bars: { label: string; value: number; color?: string; display?: string }[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 30;
  const labelW = 150;
  const width = 460;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="label" style={{ marginBottom: '.5rem' }}>{title}</figcaption>
      <svg className="chart" viewBox={`0 0 ${width} ${bars.length * rowH + 4}`} role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.display ?? b.value}`).join(', ')}`}>
        {bars.map((b, i) => {
          const w = ((width - labelW - 60) * b.value) / max;
          return (
            <g key={b.label} transform={`translate(0 ${i * rowH + 2})`}>
              <text x={labelW - 8} y={rowH / 2 + 5} textAnchor="end" fontSize="13" fill="#374151">{b.label}</text>
              <rect x={labelW} y={5} width={Math.max(2, w)} height={rowH - 10} rx={4} fill={b.color ?? '#0b5cad'} />
              <text x={labelW + Math.max(2, w) + 6} y={rowH / 2 + 5} fontSize="13" fill="#111827">{b.display ?? b.value}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
