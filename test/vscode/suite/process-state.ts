/**
 * What the extension host process holds, read from Linux's /proc: the TCP ports it listens on and
 * its child processes. Undefined where /proc is not (the suites then check the rest).
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** TCP ports this process listens on. */
export function listeningPorts(): Set<number> | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT" in hex; st 0A is LISTEN; the inode is the 10th field.
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) ports.add(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

/** The command lines of this process's children. */
export function childProcesses(): string[] | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  const pids = readdirSync('/proc/self/task').flatMap((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  // A child that has exited but is not yet reaped (a zombie: state Z, empty command line) runs
  // nothing; VS Code's own short-lived children pass through that state.
  return pids.flatMap((pid) => {
    try {
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return [];
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      return cmdline ? [cmdline] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}
