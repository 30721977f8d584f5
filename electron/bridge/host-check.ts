import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * Which Host headers the bridge answers to. Without a token, whoever
 * reaches it over loopback acts as the workstation (and on a fresh install
 * may create the first admin), so a page on some other name that resolves
 * to 127.0.0.1 (DNS rebinding) must not get through: the browser thinks it
 * talks to that page's own origin, and only the Host header tells.
 */
export type HostCheck = (host: string | undefined) => { ok: true } | { ok: false; why: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
/** Host with an optional port, nothing else: a Host such as "evil.example:1@127.0.0.1" is not parsed leniently. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

function bracketed(name: string): string {
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/**
 * `bindHost` is what the bridge listens on; a specific address is also a
 * name it answers to. Bound to every interface (LAN mode, a token is then
 * required), it also answers to any IP address, which no DNS answer can
 * fake, and to this machine's host name. `allowed` adds names such as a
 * LAN DNS name of the desk. The port must be the one the bridge listens on.
 */
export function hostCheck(options: {
  bindHost: string;
  port: () => number;
  tls: boolean;
  allowed?: readonly string[];
}): HostCheck {
  const names = new Set(
    [...LOOPBACK_NAMES, ...(options.allowed ?? [])].map((n) => bracketed(n.toLowerCase())),
  );
  const bind = bracketed(options.bindHost.toLowerCase());
  const wildcard = WILDCARDS.has(bind);
  if (wildcard) names.add(hostname().toLowerCase());
  else names.add(bind);
  const defaultPort = options.tls ? 443 : 80;

  return (host) => {
    const expected = `${[...names].map((n) => `${n}:${options.port()}`).join(', ')}${wildcard ? ' or an IP address of this machine' : ''}`;
    if (!host) return { ok: false, why: `a Host header is required (${expected})` };
    const match = HOST_HEADER.exec(host.toLowerCase());
    const name = match?.[1];
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match || name === undefined) return { ok: false, why: `"${host}" is not a host name` };
    const known = names.has(name) || (wildcard && isIP(name.replace(/^\[|\]$/g, '')) !== 0);
    if (known && port === options.port()) return { ok: true };
    return {
      ok: false,
      why: `this desk answers to ${expected}, not to "${host}" (a page on another name that resolves here, as in DNS rebinding, is refused; add a LAN name with --allow-host)`,
    };
  };
}
