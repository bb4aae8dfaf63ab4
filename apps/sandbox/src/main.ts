import 'reflect-metadata';
import { createSandboxApp } from './bootstrap';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 3100);
  const app = await createSandboxApp();
  await app.listen(port, '0.0.0.0');
  console.log(JSON.stringify({ msg: 'tongdao sandbox listening', url: `http://localhost:${port}` }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
