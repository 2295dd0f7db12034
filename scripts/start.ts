/** `npm start`: the demo store and the backend (with the sandbox when no real keys are set). */
import { startStack } from './stack.ts';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a port number from 1 to 65535; got "${process.env[name]}".`);
    process.exit(1);
  }
  return value;
};

try {
  const stack = await startStack({
    demoPort: port('DEMO_PORT', 5173),
    backendPort: port('PORT', 8787),
  });
  console.log('');
  console.log(`  Demo store   ${stack.demoUrl}/                 (gallery)`);
  console.log(`               ${stack.demoUrl}/member/login.html (Cafe24-like login page)`);
  if (stack.sandbox)
    console.log(`               (the Cafe24 store stand-in: logins end as store members …@s)`);
  console.log(`  Backend      ${stack.backendUrl}`);
  if (stack.sandboxUrl)
    console.log(`  Sandbox      ${stack.sandboxUrl}  (offline Kakao and Naver)`);
  console.log('');
  const stop = () => stack.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
