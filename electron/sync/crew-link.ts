import { createHash, createHmac } from 'node:crypto';
import {
  CREW_PAGE_PATH,
  type CrewLinkGrant,
  type CrewLinkScope,
  crewToken,
  type Hmac,
  linkKeyOf,
} from '../../shared/sync/crew-link';

export const hmacSha256: Hmac = (key, text) =>
  createHmac('sha256', key).update(text, 'utf8').digest('base64url');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the dispatch needs to know to mint a link; the scope and the page's text. */
export type CrewLinkParams = Omit<CrewLinkGrant, 'linkId' | 'sha256'>;

/**
 * The link in a dispatch message: `url` goes to the crew (and nowhere else:
 * not the journal, not the log); `grant` goes into the dispatch event's data
 * under `crewLink`, so the server learns the job when the desk syncs.
 */
export type CrewLink = { url: string; grant: CrewLinkGrant };

/** A desk's crew links while sync runs: minted at dispatch, and again from the scope as each message goes out. */
export type CrewLinks = { mint(params: CrewLinkParams): CrewLink; url(scope: CrewLinkScope): string };

/**
 * Mints the link for one crew on one work order, keyed by this desk's sync
 * token (the server knows only its sha-256, from which both sides derive the
 * link key).
 */
export function crewLink(server: { url: string; syncToken: string }, params: CrewLinkParams): CrewLink {
  const { linkId, token, url } = mint(server, params);
  return { url, grant: { ...params, linkId, sha256: sha256Hex(token) } };
}

/**
 * The same link again from its scope alone: the outbox mints it as each
 * attempt goes out, so the capability is never written to the journal.
 */
export function crewUrl(server: { url: string; syncToken: string }, scope: CrewLinkScope): string {
  return mint(server, scope).url;
}

function mint(server: { url: string; syncToken: string }, scope: CrewLinkScope) {
  const link = linkKeyOf(sha256Hex(server.syncToken), hmacSha256);
  const token = crewToken(link, scope, hmacSha256);
  return { linkId: link.linkId, token, url: `${server.url.replace(/\/+$/, '')}${CREW_PAGE_PATH}/${token}` };
}
