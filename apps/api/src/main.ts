import 'reflect-metadata';
import { lowerHelperThreadPriority } from './common/helper-thread-priority.js';
import { loadConfig } from './config/load-config.js';
import { EXIT_CONFIG, StartupError } from './config/startup-error.js';

function refuseToStart(error: unknown): never {
  if (error instanceof StartupError) {
    console.error(`atrio: cannot start: ${error.message}`);
    process.exit(EXIT_CONFIG);
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.error(`atrio: cannot start: ${message} (details in the log file)`);
  process.exit(1);
}

lowerHelperThreadPriority(); // before any thread of ours starts: they keep the event loop's priority

let config;
try {
  config = loadConfig();
} catch (error) {
  refuseToStart(error);
}

// Loaded only once the settings are known to be good, so a typo is reported at once.
const { startServer } = await import('./server.js');
const { printBanner } = await import('./banner.js');
const server = await startServer(config).catch(refuseToStart);
printBanner(server);
server.echoLogsToConsole();

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C means "now"
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
