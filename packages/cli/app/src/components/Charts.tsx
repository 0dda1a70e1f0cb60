import { formatShort } from '../format.js';

export interface Series {
  key: string;
  label: string;
}

export interface StackedBar {
  key: string;
  /** Under the bar. */
  label: string;
  values: Record<string, number>;
  /** Hover text: what is behind the bar. */
  title: string;
  /** Drawn hatched: e.g. a cost that leaves out unpriced runs. */
  flagged?: boolean;
  selected?: boolean;
  onSelect?: () => void;
}

const HEIGHT = 220;
const PAD_LEFT = 48;
const PAD_BOTTOM = 26;
const PAD_TOP = 10;

function ticks(max: number): number[] {
  if (max <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => max / s <= 5) ?? step * 10;
  return Array.from({ length: Math.floor(max / nice) + 1 }, (_, i) => i * nice);
}

/** Vertical stacked bars over an axis, one colour per series (hand-drawn SVG, no chart library). */
export function StackedBars({ bars, series, testId, format = formatShort }: { bars: StackedBar[]; series: Series[]; testId?: string; format?: (n: number) => string }) {
  const totals = bars.map((bar) => series.reduce((sum, s) => sum + (bar.values[s.key] ?? 0), 0));
  const max = Math.max(0, ...totals);
  const top = Math.max(...ticks(max * 1.05), max) || 1;
  const slot = Math.max(14, Math.min(48, 880 / Math.max(1, bars.length)));
  const width = PAD_LEFT + slot * bars.length + 16;
  const y = (v: number) => PAD_TOP + (1 - v / top) * (HEIGHT - PAD_TOP - PAD_BOTTOM);
  const labelEvery = Math.ceil(bars.length / 30);
  return (
    <div class="chart">
      <div class="legend">
        {series.map((s, i) => (
          <span key={s.key} class={`swatch s${i}`}>
            {s.label}
          </span>
        ))}
      </div>
      <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" data-testid={testId}>
        {ticks(top).map((t) => (
          <g key={t} class="grid">
            <line x1={PAD_LEFT} x2={width} y1={y(t)} y2={y(t)} />
            <text x={PAD_LEFT - 6} y={y(t) + 4} text-anchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          let base = 0;
          const x = PAD_LEFT + i * slot + slot * 0.15;
          const w = slot * 0.7;
          return (
            <g key={bar.key} class={`bar ${bar.selected ? 'selected' : ''} ${bar.flagged ? 'flagged' : ''}`} onClick={bar.onSelect} data-bar={bar.key}>
              <title>{bar.title}</title>
              <rect class="hit" x={PAD_LEFT + i * slot} y={PAD_TOP} width={slot} height={HEIGHT - PAD_TOP - PAD_BOTTOM} />
              {series.map((s, si) => {
                const v = bar.values[s.key] ?? 0;
                if (v <= 0) return null;
                const rect = <rect key={s.key} class={`seg s${si}`} x={x} y={y(base + v)} width={w} height={y(base) - y(base + v)} />;
                base += v;
                return rect;
              })}
              {bar.flagged && <rect class="hatch" x={x} y={y(base) - 3} width={w} height={3} />}
              {i % labelEvery === 0 && (
                <text class="x-label" x={x + w / 2} y={HEIGHT - 8} text-anchor="middle">
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export interface HBar {
  key: string;
  label: string;
  value: number;
  /** Shown after the bar. */
  display: string;
  title: string;
  flagged?: boolean;
}

/** Horizontal bars, one per row (branches, models). */
export function HBars({ rows, testId }: { rows: HBar[]; testId?: string }) {
  const max = Math.max(0, ...rows.map((r) => r.value)) || 1;
  const rowHeight = 26;
  return (
    <svg class="hbars" viewBox={`0 0 900 ${rows.length * rowHeight + 6}`} role="img" data-testid={testId}>
      {rows.map((row, i) => (
        <g key={row.key} class={`hbar ${row.flagged ? 'flagged' : ''}`} data-row={row.key}>
          <title>{row.title}</title>
          <text class="h-label" x={0} y={i * rowHeight + 17}>
            {row.label}
          </text>
          <rect x={230} y={i * rowHeight + 5} width={Math.max(2, (row.value / max) * 400)} height={16} rx={3} />
          <text class="h-value" x={238 + Math.max(2, (row.value / max) * 400)} y={i * rowHeight + 17}>
            {row.display}
          </text>
        </g>
      ))}
    </svg>
  );
}
