/**
 * Reading a Chromium performance trace (the DevTools timeline categories): main-thread time a
 * script costs (compile, top-level evaluation and the callbacks it registered, overlaps counted
 * once), where its evaluation started, and the page's user-timing marks.
 */

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string } };
}

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
];

const SCRIPT_WORK = new Set(['EvaluateScript', 'v8.compile', 'v8.compileModule', 'FunctionCall']);

export function parseTrace(buffer: Buffer): TraceEvent[] {
  const parsed: unknown = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(parsed) ? parsed : (parsed as { traceEvents?: unknown }).traceEvents;
  return Array.isArray(events) ? (events as TraceEvent[]) : [];
}

const ofScript = (events: readonly TraceEvent[], url: string) =>
  events.filter(
    (e) =>
      SCRIPT_WORK.has(e.name) && e.ph === 'X' && e.args?.data?.url === url && e.dur !== undefined,
  );

/** Milliseconds of main-thread work attributed to `url`, nested events counted once. */
export function scriptTime(events: readonly TraceEvent[], url: string, until = Infinity): number {
  const spans = ofScript(events, url)
    .filter((e) => e.ts < until)
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total / 1000;
}

/** When the script's compile or evaluation began (trace clock, µs). */
export function scriptStart(events: readonly TraceEvent[], url: string): number | undefined {
  const starts = ofScript(events, url)
    .filter((e) => e.name !== 'FunctionCall')
    .map((e) => e.ts);
  return starts.length ? Math.min(...starts) : undefined;
}

/** A `performance.mark(name)` of the page (trace clock, µs). */
export function markAt(events: readonly TraceEvent[], name: string): number | undefined {
  return events.find((e) => e.name === name && e.cat.includes('blink.user_timing'))?.ts;
}
