/** The processes under load (target.ts), each forked with tsx and its memory readable by message. */
import { type ChildProcess, fork } from 'node:child_process';

export interface Target {
  url: string;
  /** RSS and heap in use after a full GC, in bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

const script = new URL('./target.ts', import.meta.url).pathname;

export function startTarget(
  mode: 'upstream' | 'product' | 'bare',
  env: Record<string, string> = {},
): Promise<Target> {
  const child: ChildProcess = fork(script, [mode], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench ${mode} target exited (${code})`)));
    child.once('message', (message: { url?: string; error?: string }) => {
      if (!message.url) return reject(new Error(`bench ${mode} target: ${message.error}`));
      resolve({
        url: message.url,
        stop,
        memory: () =>
          new Promise((answer) => {
            child.once('message', (m) => answer(m as { rss: number; heapUsed: number }));
            child.send('memory');
          }),
      });
    });
  });
}
