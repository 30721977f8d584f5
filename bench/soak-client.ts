import WebSocket from 'ws';
import type { MethodName, Params, Result } from '../shared/api/contract';
import { parseResult, parseServerFrame, type ReplyFrame } from '../shared/api/frames';

/**
 * One browser tab's connection to a desk under soak, reduced to what the
 * soak needs: requests checked against the contract, and a count of the
 * events pushed to it (a tab that stops hearing would show here).
 */
export class SoakClient {
  events = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (frame: ReplyFrame) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = parseServerFrame(JSON.parse(data.toString()));
      if (frame.type === 'event') {
        this.events++;
        return;
      }
      if (frame.id === null) return;
      this.waiting.get(frame.id)?.(frame);
      this.waiting.delete(frame.id);
    });
    // A desk going down fails what was asked of it, instead of leaving the soak waiting.
    ws.on('close', () => {
      for (const resolve of this.waiting.values())
        resolve({ type: 'reply', id: null, ok: false, error: { code: 'unavailable', message: 'closed' } });
      this.waiting.clear();
    });
  }

  static open(url: string): Promise<SoakClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new SoakClient(ws)));
      ws.once('error', reject);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  async request<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const id = this.nextId++;
    const reply = await new Promise<ReplyFrame>((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
    return parseResult(method, reply.result) as Result<M>;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
