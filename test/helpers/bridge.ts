import { startWebBridge, type WebBridge, type WebBridgeOptions } from '../../electron/bridge/web';
import type { Engine } from '../../electron/engine/engine';
import { quietLog } from './desk';

/** The engine's web bridge on a free loopback port, API only: no token, renderer or TLS unless a test sets them. */
export function loopbackBridge(engine: Engine, options: Partial<WebBridgeOptions> = {}): Promise<WebBridge> {
  return startWebBridge({
    engine,
    host: '127.0.0.1',
    port: 0,
    token: null,
    rendererDir: null,
    log: quietLog,
    ...options,
  });
}
