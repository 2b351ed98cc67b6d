// Preloaded (`node --import`) into a hybridscan process by bench/startup.ts: when the process
// opens its first outgoing connection, writes the process's CPU time and its age at that moment,
// one JSON line, to the file named by HYBRIDSCAN_STARTUP_PROBE. With HYBRIDSCAN_STARTUP_MODULES
// (a file), also counts the modules loaded by then (ES modules through bench/startup-hooks.js,
// CommonJS ones through require); the hooks cost time, so counting runs are not timed ones.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import net from 'node:net';

const file = process.env.HYBRIDSCAN_STARTUP_PROBE;
const modules = process.env.HYBRIDSCAN_STARTUP_MODULES;
if (modules) {
  writeFileSync(modules, '');
  register('./startup-hooks.js', import.meta.url);
  for (const ext of ['.js', '.json']) {
    const compile = Module._extensions[ext];
    Module._extensions[ext] = function (module, filename) {
      appendFileSync(modules, `file://${filename}\n`);
      return compile.call(this, module, filename);
    };
  }
}
const count = () => new Set(readFileSync(modules, 'utf8').split('\n').filter(Boolean)).size;
const connect = net.Socket.prototype.connect;
let noted = false;
/** A TCP connection (a port), not a local pipe such as tsx's own IPC socket. */
const isTcp = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  return (
    typeof first === 'number' || typeof first?.port === 'number' || /^\d+$/.test(String(first?.port ?? first))
  );
};
net.Socket.prototype.connect = function (...args) {
  if (!noted && file && isTcp(args)) {
    noted = true;
    const cpu = process.cpuUsage();
    const seen = { cpuMs: (cpu.user + cpu.system) / 1000, ageMs: performance.now() };
    writeFileSync(file, JSON.stringify(modules ? { ...seen, modules: count() } : seen));
  }
  return connect.apply(this, args);
};
