import { loadConfig } from './config';
import { createHttpApp } from './http/app';

const config = loadConfig(process.env);
const app = createHttpApp();
const server = app.listen(config.PORT, '127.0.0.1', () => {
  process.stdout.write(`server listening on http://127.0.0.1:${config.PORT}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
  });
}
