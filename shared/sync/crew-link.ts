import { z } from 'zod';
import { OutageReason } from '../workorder/application';

/**
 * A crew link: the address in a dispatch message that opens the sync
 * server's mobile page for one work order and one crew. The token is a
 * capability:
 *
 *   token = linkId "." HMAC-SHA256(linkKey, linkId \n workOrderId \n crewId \n expiresAt)
 *
 * linkId and linkKey derive from the sha-256 of the desk's sync token, which
 * the desk holds and the server's desk registration holds; the token itself
 * crosses only the message to the crew. The desk's dispatch event carries
 * the grant (the token's sha-256 and what the page shows), and the server
 * honours a token only when a synced grant names it and its HMAC checks out.
 */

/** Where the page lives on the sync server; the token follows. */
export const CREW_PAGE_PATH = '/crew';

/** The desk id of the server's own chain of crew answers in the organisation's journal. */
export const CREW_PAGE_DESK = 'crew-page';

/** The journal event type of one crew answer; its subject is the work order id. */
export const CREW_ANSWER_TYPE = 'crew.answered';

/** The desk's journal event of an answer that moved nothing (the work order was closed meanwhile): kept, not lost. */
export const CREW_ANSWER_KEPT = 'workorder.crew-answer-kept';

/** A link lives long enough for a multi-day repair under an outage (seed 001: 5 days). */
export const CREW_LINK_TTL_MS = 6 * 24 * 3_600_000;

/** SHA-256 HMAC as base64url, brought by the runtime (shared/ has no crypto). */
export type Hmac = (key: string, text: string) => string;

const LINK_ID_LENGTH = 16;
export const CREW_TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** The key and public id of one desk's links, from the sha-256 (hex) of its sync token. */
export function linkKeyOf(deskTokenSha256: string, hmac: Hmac): { linkId: string; key: string } {
  return {
    linkId: hmac(deskTokenSha256, 'dutydesk crew-link id v1').slice(0, LINK_ID_LENGTH),
    key: hmac(deskTokenSha256, 'dutydesk crew-link key v1'),
  };
}

export type CrewLinkScope = { workOrderId: string; crewId: string; expiresAt: number };

export function crewToken(link: { linkId: string; key: string }, scope: CrewLinkScope, hmac: Hmac): string {
  const text = [link.linkId, scope.workOrderId, scope.crewId, String(scope.expiresAt)].join('\n');
  return `${link.linkId}.${hmac(link.key, text)}`;
}

const Text = z.string().trim().min(1).max(200);

/**
 * What a dispatch event carries under `crewLink` for the server: the
 * token's hash (never the token), the scope, and what the crew page shows.
 */
export const CrewLinkGrant = z
  .object({
    linkId: z.string().length(LINK_ID_LENGTH),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    workOrderId: Text,
    crewId: Text,
    crewName: Text,
    /** The people sent; whoever opens the page says which of them they are. */
    members: z.array(Text).min(1).max(20),
    expiresAt: z.int().min(0),
    station: z
      .object({
        id: Text,
        name: Text,
        lat: z.number().min(-90).max(90).nullable(),
        lng: z.number().min(-180).max(180).nullable(),
      })
      .strict(),
    device: z.string().max(200).nullable(),
    cause: Text,
    tier: z.enum(['remote', 'on-site', 'emergency']),
    /** The SLA arrival deadline, if one runs. */
    arrivalDeadline: z.int().min(0).nullable(),
  })
  .strict();
export type CrewLinkGrant = z.infer<typeof CrewLinkGrant>;

/** The taps of the crew page, in the order a job goes. */
export const CrewTapKind = z.enum(['received', 'en-route', 'arrived', 'progress', 'fixed', 'needs-outage']);
export type CrewTapKind = z.infer<typeof CrewTapKind>;

/** After this tap the link is spent: the crew's job is done. */
export const FINAL_TAP: CrewTapKind = 'fixed';

export const Position = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracyM: z.number().min(0).max(100_000).nullable(),
  })
  .strict();
export type Position = z.infer<typeof Position>;

/** One tap as the page posts it. `key` makes a retried post store nothing twice. */
export const CrewTapRequest = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -'),
    kind: CrewTapKind,
    /** When the crew member tapped, by the phone's clock (a retry keeps it). */
    at: z.int().min(0),
    member: Text,
    note: z.string().trim().max(500).default(''),
    position: Position.nullable().default(null),
    /** needs-outage: the seed 001 reason the crew gives, prefilling the desk's outage application. */
    outageReason: OutageReason.nullable().default(null),
  })
  .strict();
export type CrewTapRequest = z.infer<typeof CrewTapRequest>;

/** The data of a `crew.answered` journal event (actor: the crew member, role `crew`; ts: the tap's time). */
export const CrewAnswer = z
  .object({
    /** The desk whose work order this is (work order ids are per desk). */
    desk: Text,
    workOrderId: Text,
    crewId: Text,
    kind: CrewTapKind,
    tapAt: z.int().min(0),
    /** When the server stored it, by the server's clock. */
    receivedAt: z.int().min(0),
    note: z.string(),
    position: Position.nullable(),
    /** Straight-line distance from the reported position to the station. */
    distanceKm: z.number().min(0).nullable(),
    outageReason: OutageReason.nullable(),
    /** The idempotency key of the tap. */
    key: z.string(),
  })
  .strict();
export type CrewAnswer = z.infer<typeof CrewAnswer>;

/** What the page shows: the job, and the taps recorded so far. */
export const CrewPageState = z.object({
  workOrderId: z.string(),
  crewName: z.string(),
  members: z.array(z.string()),
  station: CrewLinkGrant.shape.station,
  device: z.string().nullable(),
  cause: z.string(),
  tier: CrewLinkGrant.shape.tier,
  arrivalDeadline: z.number().nullable(),
  expiresAt: z.number(),
  /** Why the link takes no more taps (its history still shows), or null while the job is open. */
  over: z.enum(['expired', 'closed', 'spent']).nullable(),
  taps: z.array(
    z.object({ kind: CrewTapKind, at: z.number(), member: z.string(), note: z.string(), key: z.string() }),
  ),
});
export type CrewPageState = z.infer<typeof CrewPageState>;
