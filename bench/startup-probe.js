// Preloaded (`node --import`) into a hybridscan process by bench/startup.ts: when the process
// opens its first outgoing connection, writes the process's CPU time and its age at that moment,
// one JSON line, to the file named by HYBRIDSCAN_STARTUP_PROBE.
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const file = process.env.HYBRIDSCAN_STARTUP_PROBE;
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
    writeFileSync(file, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, ageMs: performance.now() }));
  }
  return connect.apply(this, args);
};
