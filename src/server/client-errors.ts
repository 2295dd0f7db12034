/**
 * What Node answers a request it cannot parse (a header over 16 KB, broken framing, a body that
 * stalls past the request timeout): the same status as Node's own handler, but the connection is
 * closed gently. Node writes its answer and destroys the socket at once; when the client is still
 * sending, the unread bytes make the kernel reset the connection, and a reset can discard the
 * answer before the client reads it (RFC 9112 §9.6 describes this close). Here the answer is sent
 * with a FIN, what the client still sends is read and dropped, and the socket is destroyed when
 * the client closes its side or after LINGER_MS at most.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const LINGER_MS = 2_000;

const answer = (status: string) =>
  `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;

/** Node's own choice of status for each parse error (lib/_http_server.js). */
export function statusForClientError(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return '431 Request Header Fields Too Large';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return '413 Payload Too Large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return '408 Request Timeout';
    default:
      return '400 Bad Request';
  }
}

export function closeGentlyOnClientError(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Nothing can be sent (the client reset, or this request's answer has begun): let it go. An
    // earlier answer on the same keep-alive connection is no reason to stay silent.
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    // The parser stays attached: further bytes would be parsed (and fail) again. Drop them, and
    // keep reading even if Node had paused the socket.
    socket.removeAllListeners('data');
    socket.on('data', () => {});
    socket.resume();
    socket.on('error', () => {}); // a reset while lingering changes nothing
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
    socket.once('end', () => socket.destroy());
    socket.end(answer(statusForClientError(error.code)));
  });
}
