// Module hooks registered by bench/startup-probe.js when HYBRIDSCAN_STARTUP_MODULES names a file:
// appends the URL of every ES module loaded, one a line, so the probe can count them.
import { appendFileSync } from 'node:fs';

const file = process.env.HYBRIDSCAN_STARTUP_MODULES;
export async function load(url, context, next) {
  if (file && url.startsWith('file:')) appendFileSync(file, `${url}\n`);
  return next(url, context);
}
