import { createHash, createHmac } from 'node:crypto';
import {
  CREW_PAGE_PATH,
  type CrewLinkGrant,
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

/**
 * Mints the link for one crew on one work order, keyed by this desk's sync
 * token (the server knows only its sha-256, from which both sides derive the
 * link key).
 */
export function crewLink(server: { url: string; syncToken: string }, params: CrewLinkParams): CrewLink {
  const link = linkKeyOf(sha256Hex(server.syncToken), hmacSha256);
  const token = crewToken(link, params, hmacSha256);
  return {
    url: `${server.url.replace(/\/+$/, '')}${CREW_PAGE_PATH}/${token}`,
    grant: { ...params, linkId: link.linkId, sha256: sha256Hex(token) },
  };
}
