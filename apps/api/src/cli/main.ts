import 'reflect-metadata';
import { processIo } from './cli-io.js';
import { main } from './program.js';

// `npm run -s atrio -- …` and bin/atrio.mjs land here; the tests call main() in-process instead.
const code = await main(process.argv.slice(2), processIo()).catch((error: unknown) => {
  console.error(error);
  return 1;
});
process.exitCode = code;
// Everything is closed by now; this only guards cron against a handle someone forgot to unref.
await new Promise((resolve) => process.stdout.write('', resolve));
setTimeout(() => process.exit(code), 5_000).unref();
