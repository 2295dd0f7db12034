/**
 * Log lines to a file descriptor without blocking the event loop. On Linux, `process.stdout` to a
 * pipe or file writes synchronously (nodejs.org/api/process.html, "A note on process I/O"), so a
 * slow log collector would slow every request. Here lines gather in memory and leave in one
 * `fs.write` at most every FLUSH_MS (or once 64 KB wait), on libuv's thread pool; one write is in
 * flight at a time.
 * If the reader stalls and MAX_PENDING_BYTES pile up, newer lines are dropped and counted, and a
 * line says how many once writing resumes. What is left is written synchronously on exit.
 */
import { write, writeSync } from 'node:fs';

const MAX_PENDING_BYTES = 4 * 2 ** 20;
/** Lines wait at most this long: under load, one write carries many requests' lines. */
const FLUSH_MS = 10;
const FLUSH_BYTES = 64 * 1024;
/** A non-blocking pipe that is full (EAGAIN): try again shortly. */
const RETRY_MS = 20;

export interface LogWriter {
  /** One line, without its newline. */
  line(text: string): void;
  /** Writes whatever is pending, synchronously (process exit). */
  flushSync(): void;
}

export function fdWriter(
  fd: number,
  options: { dropped?: (count: number) => string } = {},
): LogWriter {
  let pending: string[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let writing = false;
  let timer: NodeJS.Timeout | undefined;

  const take = (): Buffer | undefined => {
    if (dropped && options.dropped) {
      pending.push(options.dropped(dropped));
      dropped = 0;
    }
    if (!pending.length) return undefined;
    const chunk = Buffer.from(`${pending.join('\n')}\n`);
    pending = [];
    pendingBytes = 0;
    return chunk;
  };

  const send = (chunk: Buffer, offset: number) => {
    writing = true;
    write(fd, chunk, offset, chunk.length - offset, null, (error, written) => {
      if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') {
        setTimeout(() => send(chunk, offset), RETRY_MS).unref();
        return;
      }
      // Any other error (the reader went away): the chunk is lost; logging cannot log it.
      if (!error && offset + written < chunk.length) return send(chunk, offset + written);
      writing = false;
      // What came meanwhile waits for its timer like any line, unless there is a lot of it: a
      // write as each one ends would be a thread-pool round trip per turn of the event loop.
      if (pendingBytes >= FLUSH_BYTES) flush();
      else if (pending.length || dropped) timer ??= setTimeout(flush, FLUSH_MS).unref();
    });
  };

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (writing) return;
    const chunk = take();
    if (chunk) send(chunk, 0);
  };

  return {
    line(text) {
      if (pendingBytes > MAX_PENDING_BYTES) {
        dropped += 1;
        return;
      }
      pending.push(text);
      pendingBytes += text.length + 1;
      if (writing) return; // the write in flight schedules these when it ends
      if (pendingBytes >= FLUSH_BYTES) flush();
      else timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
    flushSync() {
      clearTimeout(timer);
      // A write still in flight finishes on its own; what is pending is written after it.
      const chunk = take();
      if (!chunk) return;
      for (let offset = 0, tries = 0; offset < chunk.length && tries < 1000; tries++) {
        try {
          offset += writeSync(fd, chunk, offset, chunk.length - offset);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        }
      }
    },
  };
}
