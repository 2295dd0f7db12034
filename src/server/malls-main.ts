/**
 * `npm run malls -- …` in development, `node dist/server/malls.js …` in production: the admin CLI
 * of malls/cli.ts, with the server's environment.
 */
import { runMallsCommand } from './malls/cli';

const readInput = async () => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
};

process.exitCode = await runMallsCommand(process.argv.slice(2), {
  env: process.env,
  readInput,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
