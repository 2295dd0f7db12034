/**
 * Row 1, bytes: the widget bundle raw, gzip and brotli (both at their highest level, as a CDN
 * would precompress), and as the backend really serves it to a browser asking for br or gzip,
 * against Kakao's SDK compressed the same way. Sizes do not vary between runs: one measure each.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { KakaoSdkFile } from './kakao-sdk.ts';
import { figure, ratio, show, showRatio } from './stats.ts';
import type { Row } from './table.ts';

const WIDGET_FILE = new URL('../../dist/social-login.js', import.meta.url);
export const GZIP_TARGET_BYTES = 18 * 1024;

const gzip = (body: Buffer) => gzipSync(body, { level: 9 }).length;
const brotli = (body: Buffer) =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).length;

/** The body's bytes on the wire (undecoded) and how they were encoded. */
function served(url: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        else resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function bytesRows(backendUrl: string, kakao: KakaoSdkFile): Promise<Row[]> {
  const widget = readFileSync(WIDGET_FILE);
  const wire = await served(`${backendUrl}/social-login.js`);
  const row = (measure: string, ours: number, theirs: number, target?: string, met?: boolean) => {
    const subject = figure([ours], 'B');
    const reference = figure([theirs], 'B');
    return {
      family: 'bytes',
      measure,
      subject: show(subject),
      reference: `${show(reference)} (Kakao SDK ${kakao.version})`,
      ratio: showRatio(ratio(subject, reference)),
      ...(target ? { target, met } : {}),
    } satisfies Row;
  };
  const widgetGzip = gzip(widget);
  return [
    row('raw', widget.length, kakao.body.length),
    row('gzip -9', widgetGzip, gzip(kakao.body), '≤ 18 KB gzip', widgetGzip <= GZIP_TARGET_BYTES),
    row('brotli q11', brotli(widget), brotli(kakao.body)),
    {
      family: 'bytes',
      measure: 'served by the backend (Accept-Encoding: br, gzip)',
      subject: `${wire.bytes} B (${wire.encoding})`,
      reference: 'Kakao’s CDN: not measured offline',
      ratio: '—',
    },
  ];
}
