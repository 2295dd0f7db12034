/**
 * The bench's one table: a row per measure, the product's figure beside its reference's, their
 * ratio, and the target it is read against (reported, never asserted).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Row {
  /** The row family: bytes, page, click, backend, storage. */
  family: string;
  measure: string;
  subject: string;
  reference: string;
  ratio: string;
  /** e.g. `≤ 18 KB gzip`; empty when the row has none. */
  target?: string;
  met?: boolean;
}

const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderTable(rows: readonly Row[]): string {
  const head = ['Row', 'Measure', 'Product', 'Reference', 'Ratio', 'Target', 'Met'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const met = row.target ? (row.met ? 'met' : 'not met') : '';
    const cells = [row.family, row.measure, row.subject, row.reference, row.ratio];
    lines.push(`| ${[...cells, row.target ?? '', met].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

const version = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
};

/** Where and with what the figures were taken: they only compare within one run. */
export function machine(chromium: string): string[] {
  const cpu = cpus();
  return [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} at the end`,
    ...((loadavg()[0] as number) > cpu.length * 0.75
      ? [
          'The machine was shared and busy (load average near or above its core count): absolute figures run slow and vary; the ratios, taken side by side, hold better.',
        ]
      : []),
    `Node ${process.version}, ${version(chromium, ['--version'])}, ${version('git', ['describe', '--always', '--dirty'])}`,
  ];
}
