/**
 * The references' pages, from a real loopback server (pages a test route fulfils count as public
 * for Chromium's local-network checks, and the widget's pages come from a real server too): a
 * blank page that only loads Kakao's SDK, and a page with a plain link, the floor for a click's
 * navigation.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReferenceServer {
  url: string;
  sdkUrl: string;
  close(): Promise<void>;
}

const page = (body: string) =>
  `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>bench</title></head><body>${body}</body></html>`;

export async function startReferenceServer(sdk: Buffer): Promise<ReferenceServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/kakao.min.js') return send('text/javascript; charset=utf-8', sdk);
    if (path === '/sdk.html')
      return send('text/html', page('<script src="/kakao.min.js"></script>'));
    if (path === '/link.html')
      return send(
        'text/html',
        page('<a id="go" href="/oauth/authorize?client_id=bench" style="font-size:2em">로그인</a>'),
      );
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sdkUrl: `${url}/kakao.min.js`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
