/**
 * The processes under load (target.ts, compiled: compile.ts), each forked and its memory readable
 * by message. Where `taskset` can, the load generator (this process) and the upstream stand-in
 * keep CPU 0 and the servers get the others: the two sides of each measurement then never take turns on one core, which on
 * a 2-core machine was most of the run-to-run swing.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { compiledTarget } from './compile.ts';

export interface Target {
  url: string;
  /** RSS and heap in use after a full GC, in bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** `taskset -a -p -c <cpus> <pid>`: every thread of the process; false where it cannot. */
function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const cores = availableParallelism();
let pinned: boolean | undefined;

/** How the processes share the cores, for the table's header. */
export function placement(): string {
  return pinned
    ? `load generator and upstream stand-in pinned to CPU 0, servers to CPU${cores > 2 ? `s 1–${cores - 1}` : ' 1'}`
    : 'processes not pinned to cores';
}

export async function startTarget(
  mode: 'upstream' | 'product' | 'bare',
  env: Record<string, string> = {},
): Promise<Target> {
  const script = await compiledTarget();
  const child: ChildProcess = fork(script, [mode], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  if (cores > 1 && child.pid !== undefined) {
    pinned ??= pin(process.pid, '0');
    // The upstream stand-in keeps to the load generator's core: the servers' cores measure them.
    if (pinned) pin(child.pid, mode === 'upstream' ? '0' : `1-${cores - 1}`);
  }
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
