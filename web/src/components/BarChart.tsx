/** One series of a stacked bar chart: its name (legend, tooltip) and the CSS class that colours it. */
export interface BarSeries {
  name: string;
  className: string;
}

/** One bar: its interval in words (tooltip) and a value per series, bottom first. */
export interface Bar {
  label: string;
  values: number[];
}

const SLOT = 10;
const HEIGHT = 40;

/**
 * A bar chart in SVG, each bar a stack of its series, drawn with SVG attributes only (the CSP refuses
 * inline styles). Each bar's tooltip (`<title>`) gives its interval and every series' count; `summary`
 * is what a screen reader hears for the whole chart, so the page must also print it (figcaption).
 */
export function BarChart({ bars, series, summary }: { bars: Bar[]; series: BarSeries[]; summary: string }) {
  const max = Math.max(1, ...bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
  return (
    <svg className="bar-chart" viewBox={`0 0 ${bars.length * SLOT} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary}>
      {bars.map((bar, i) => {
        const total = bar.values.reduce((a, v) => a + v, 0);
        const parts = series.length === 1 ? '' : ` (${series.map((s, j) => `${s.name} ${bar.values[j] ?? 0}`).join(', ')})`;
        let top = HEIGHT;
        return (
          <g key={i} data-total={total} data-values={bar.values.join(',')}>
            <title>{`${bar.label}: ${total} ${total === 1 ? 'event' : 'events'}${parts}`}</title>
            {series.map((s, j) => {
              const value = bar.values[j] ?? 0;
              // A bar keeps a visible minimum height so a single event still shows; a zero is a flat rect.
              const h = value === 0 ? 0 : Math.max(1, (value / max) * (HEIGHT - 2));
              top -= h;
              return <rect key={s.name} x={i * SLOT + 1} y={top} width={SLOT - 2} height={h} className={s.className} />;
            })}
          </g>
        );
      })}
    </svg>
  );
}
