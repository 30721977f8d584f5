import { createServer, type Server, type Socket } from 'node:net';

export type LoopbackServer = { port: number; server: Server; sockets: Set<Socket>; close(): Promise<void> };

/**
 * A TCP server on a free loopback port for a test's stand-in peer. It keeps
 * the sockets it is given to `track` (each accepted one, and any a handler
 * opens), so `close` ends them rather than waiting for the other side. A
 * socket's error is the peer's doing: it ends that socket, not the test.
 */
export async function startLoopbackServer(
  onSocket: (socket: Socket, track: (socket: Socket) => void) => void,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((socket) => {
    track(socket);
    socket.on('error', () => {});
    onSocket(socket, track);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the loopback server has no port');
  return {
    port: address.port,
    server,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
