/**
 * Medians and spreads: every figure in the table is the median of several runs with its min–max,
 * and every timing is also a ratio to a reference measured in the same run.
 */

/** Several runs of one measure, in one unit. */
export interface Figure {
  runs: number[];
  unit: 'B' | 'ms' | 'req/s' | 'MB' | '';
}

export const figure = (runs: number[], unit: Figure['unit']): Figure => ({ runs, unit });

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank (no interpolation): with few samples p95 is the slowest but one or the slowest.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

const round = (value: number, unit: Figure['unit']) => {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'B' || unit === 'req/s') return String(Math.round(value));
  if (unit === '' && Math.abs(value) < 0.1) return value.toFixed(4);
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
};

/** `12.3 ms (11.9–13.0)`; one run prints without a spread. */
export function show(f: Figure): string {
  const unit = f.unit ? ` ${f.unit}` : '';
  const mid = `${round(median(f.runs), f.unit)}${unit}`;
  if (f.runs.length < 2) return mid;
  return `${mid} (${round(Math.min(...f.runs), f.unit)}–${round(Math.max(...f.runs), f.unit)})`;
}

/** The ratio of two medians, `0.42×`. */
export function ratio(subject: Figure, reference: Figure): number {
  return median(subject.runs) / median(reference.runs);
}

export const showRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
