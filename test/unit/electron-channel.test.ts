import { describe, expect, it } from 'vitest';
import { createDeskClient, type DutyDeskBridge, type LinkState } from '../../renderer/src/transport';
import { createElectronChannel } from '../../renderer/src/transport/electron';

/** What the preload exposes, driven by the test: the link it reports and the frames it sends. */
function fakeBridge() {
  const linkListeners = new Set<(state: LinkState) => void>();
  let link: LinkState = 'connecting';
  const sent: unknown[] = [];
  const bridge: DutyDeskBridge = {
    send: (frame) => sent.push(frame),
    onFrame: () => () => undefined,
    onLink(listener) {
      linkListeners.add(listener);
      listener(link);
      return () => linkListeners.delete(listener);
    },
  };
  const setLink = (next: LinkState) => {
    link = next;
    for (const listener of linkListeners) listener(next);
  };
  return { bridge, sent, setLink };
}

describe('Electron channel', () => {
  it('gives the client the preload’s link state, so the desk can say the engine is gone', async () => {
    const { bridge, sent, setLink } = fakeBridge();
    const client = createDeskClient(createElectronChannel(bridge));
    const states: LinkState[] = [];
    client.onLink((state) => states.push(state));
    setLink('open');
    const pending = client.request('desk.info', {});
    expect(sent).toHaveLength(1);
    setLink('lost');
    await expect(pending).rejects.toThrow('desk.info: engine link lost before the reply came');
    await expect(client.request('desk.info', {})).rejects.toThrow('desk.info: engine link is lost');
    expect(states).toEqual(['connecting', 'open', 'lost']);
    expect(client.link).toBe('lost');
    client.close();
  });
});
