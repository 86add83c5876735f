/**
 * The adapter served on a loopback socket and a DAP client connected to it, as the DAP tests
 * drive it; both are closed when the test ends.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { FlowDebugSession } from '../../debug/flow-debug-session';
import { standaloneHost } from '../../debug/standalone-host';

export async function adapterClient(t: TestContext): Promise<DebugClient> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const s = new FlowDebugSession(standaloneHost());
    s.setRunAsServer(true);
    s.start(socket, socket);
  }).listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  const dc = new DebugClient('node', '', 'flow');
  dc.defaultTimeout = 10_000;
  await dc.start((server.address() as AddressInfo).port);
  t.after(async () => {
    await dc.stop();
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return dc;
}
