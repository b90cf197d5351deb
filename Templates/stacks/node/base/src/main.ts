// Serves the API over HTTP. Configuration comes from environment variables
// (see README.md); SIGTERM or SIGINT stops the service gracefully.

import { type RunningService, start } from "./app.ts";
import { ConfigError } from "./libraries/config/config.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write(
    "usage: node src/main.ts\n\nConfigured by environment variables; see README.md.\n",
  );
  process.exit(0);
}

// The handlers are installed before start-up, so a signal that arrives while
// the database is still opening stops the service gracefully once it is up,
// instead of killing it with requests already accepted.
let service: RunningService | undefined;
let stopRequested = false;
const stop = (running: RunningService) => {
  running.stop().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
};
const onSignal = () => {
  if (service === undefined) stopRequested = true;
  else stop(service);
};
process.once("SIGTERM", onSignal);
process.once("SIGINT", onSignal);

try {
  service = await start({ env: process.env, stdout: process.stdout });
  if (stopRequested) stop(service);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
}
