/**
 * `npm run doctor -- <store URL> [<store URL>…]`: what to register in the Kakao and Naver consoles
 * for these store domains, and the backend's configuration (this process's environment, read as
 * the backend reads it) checked against it. Exit code 1 when there is a problem.
 */
import { runDoctor } from '../src/doctor/index.ts';

const { lines, exitCode } = runDoctor(process.argv.slice(2), process.env);
console.log(lines.join('\n'));
process.exitCode = exitCode;
