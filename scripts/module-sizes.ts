/**
 * Where the bytes of the shipped file come from: every byte of the minified bundle is credited to
 * the source module its source map points at (the way source-map-explorer counts), so the rows add
 * up to the file's size. Bytes the map points nowhere (the IIFE wrapper, glue the bundler writes)
 * are one row of their own. Pure: code and map in, sizes out.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One line of a source map's `mappings`: each segment's fields, decoded from base64 VLQ. */
function decodeLine(line: string): number[][] {
  const segments: number[][] = [];
  for (const text of line.split(',')) {
    if (!text) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of text) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    segments.push(fields);
  }
  return segments;
}

export interface SourceMapLike {
  sources: (string | null)[];
  mappings: string;
}

export const UNMAPPED = '(bundler glue, not from a module)';

/** UTF-8 bytes of `code` per source (as named in the map), plus UNMAPPED. */
export function bytesBySource(code: string, map: SourceMapLike): Record<string, number> {
  const sizes: Record<string, number> = {};
  const add = (name: string, text: string) => {
    if (text) sizes[name] = (sizes[name] ?? 0) + Buffer.byteLength(text);
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let source = 0;
  lines.forEach((line, index) => {
    // The newline belongs to the line it ends.
    const text = index < lines.length - 1 ? `${line}\n` : line;
    let column = 0;
    let owner = UNMAPPED;
    for (const fields of decodeLine(mappingLines[index] ?? '')) {
      // Columns are relative within a line; the source index runs on across lines.
      const start = column + (fields[0] ?? 0);
      add(owner, text.slice(column, start));
      column = start;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        owner = map.sources[source] ?? UNMAPPED;
      } else owner = UNMAPPED;
    }
    add(owner, text.slice(column));
  });
  return sizes;
}

/**
 * Credits a string literal that starts with `start` (the widget's CSS, which Vite inlines without a
 * source map) to `name` instead of UNMAPPED, when the map left it unmapped.
 */
export function creditLiteral(
  sizes: Record<string, number>,
  code: string,
  start: string,
  name: string,
): void {
  const at = code.indexOf(start);
  if (at < 1) return;
  const quote = code[at - 1] ?? '';
  let end = at;
  while (end < code.length && !(code[end] === quote && code[end - 1] !== '\\')) end++;
  const bytes = Buffer.byteLength(code.slice(at - 1, end + 1));
  if ((sizes[UNMAPPED] ?? 0) < bytes) return;
  sizes[UNMAPPED] = (sizes[UNMAPPED] ?? 0) - bytes;
  sizes[name] = (sizes[name] ?? 0) + bytes;
}
