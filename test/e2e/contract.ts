import WebSocket from 'ws';

type Reply = { type: string; id: number; ok: boolean; result?: unknown; error?: unknown };

/**
 * Requests over a running desk's own WebSocket contract, in order, signed in
 * as `who` first when given (else as whatever the connection is: the
 * workstation on the demo fleet); their results. A refused request rejects
 * with the desk's error.
 */
export async function callDesk(
  port: number,
  calls: readonly [method: string, params: unknown][],
  who?: { user: string; password: string },
): Promise<unknown[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const replies = new Map<number, (frame: Reply) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Reply;
    if (frame.type === 'reply') replies.get(frame.id)?.(frame);
  });
  let id = 0;
  const call = (method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      id += 1;
      replies.set(id, (frame) =>
        frame.ok ? resolve(frame.result) : reject(new Error(JSON.stringify(frame.error))),
      );
      ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  try {
    if (who) await call('auth.login', who);
    const results: unknown[] = [];
    for (const [method, params] of calls) results.push(await call(method, params));
    return results;
  } finally {
    ws.close();
  }
}
