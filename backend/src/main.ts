import { startServer } from './server.js';

const server = await startServer().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping API and database...\n`);
    server
      .stop()
      .then(() => process.exit(0))
      .catch((err: Error) => {
        process.stderr.write(`Shutdown error: ${err.message}\n`);
        process.exit(1);
      });
  });
}
