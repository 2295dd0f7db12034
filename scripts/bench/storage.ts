/**
 * Row 5, storage: the exchange success path (which writes a member) on SQLite as deployed (a file,
 * WAL, synchronous=FULL) and on PostgreSQL when DATABASE_URL names one and this backend accepts it.
 * The ratio is PostgreSQL / SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadPlan, SUCCESS } from './backend.ts';
import { load } from './load.ts';
import { startTarget } from './processes.ts';
import { type Figure, figure, ratio, show, showRatio } from './stats.ts';
import type { Row } from './table.ts';

async function throughput(
  upstreamUrl: string,
  databaseUrl: string,
  plan: LoadPlan,
): Promise<{ rps: Figure; p99: Figure; wrong: number } | string> {
  let target: Awaited<ReturnType<typeof startTarget>>;
  try {
    target = await startTarget('product', {
      BENCH_UPSTREAM_URL: upstreamUrl,
      BENCH_DATABASE_URL: databaseUrl,
    });
  } catch (error) {
    // The URL may carry a password: never in the table.
    const message = (error instanceof Error ? error.message : String(error)).replaceAll(
      databaseUrl,
      '<DATABASE_URL>',
    );
    return `not available (${message})`;
  }
  try {
    await load(target.url, SUCCESS, 1);
    const rps: number[] = [];
    const p99: number[] = [];
    let wrong = 0;
    for (let run = 0; run < plan.runs; run++) {
      const result = await load(target.url, SUCCESS, plan.seconds);
      rps.push(result.rps);
      p99.push(result.p99);
      wrong += result.wrong;
    }
    return { rps: figure(rps, 'req/s'), p99: figure(p99, 'ms'), wrong };
  } finally {
    await target.stop();
  }
}

const isPostgres = (url: string | undefined) => !!url && /^postgres(ql)?:\/\//.test(url);

export async function storageRows(plan: LoadPlan): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'));
  const upstream = await startTarget('upstream');
  try {
    const sqlite = await throughput(upstream.url, `file:${join(dir, 'bench.sqlite')}`, plan);
    const pgUrl = process.env.DATABASE_URL;
    const pg = isPostgres(pgUrl)
      ? await throughput(upstream.url, pgUrl as string, plan)
      : 'not available (DATABASE_URL names no PostgreSQL database)';
    const text = (r: typeof sqlite, what: 'rps' | 'p99') =>
      typeof r === 'string'
        ? r
        : `${show(r[what])}${r.wrong ? ` — ${r.wrong} unexpected answers` : ''}`;
    const both = typeof sqlite !== 'string' && typeof pg !== 'string';
    return (['rps', 'p99'] as const).map((what) => ({
      family: 'storage',
      measure: `POST /api/exchange → 200 ${what === 'rps' ? 'requests/s' : 'p99'}, PostgreSQL vs SQLite file`,
      subject: `PostgreSQL: ${text(pg, what)}`,
      reference: `SQLite: ${text(sqlite, what)}`,
      ratio: both ? showRatio(ratio(pg[what], sqlite[what])) : '—',
    }));
  } finally {
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
