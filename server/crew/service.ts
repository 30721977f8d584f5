import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { distanceKm } from '../../shared/crew/travel';
import {
  CREW_ANSWER_TYPE,
  CREW_PAGE_DESK,
  CREW_TOKEN,
  type CrewAnswer,
  CrewLinkGrant,
  type CrewPageState,
  type CrewTapRequest,
  crewToken,
  FINAL_TAP,
  type Hmac,
  linkKeyOf,
} from '../../shared/sync/crew-link';
import type { DeskRegistration } from '../config';
import type { Sql } from '../database';
import type { EventStore } from '../event-store';

const hmac: Hmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A token that verified: the grant it was minted for. */
export type CrewLink = { sha256: string; desk: string; grant: CrewLinkGrant; grantedAt: number };

/**
 * forged (401): not a token any registered desk granted with its key.
 * expired, closed, spent (410): a real link whose job is over. invalid (400):
 * a tap that does not fit. Each is an answer, never a change of state.
 */
export type CrewRefusalCode = 'forged' | 'expired' | 'closed' | 'spent' | 'invalid';

export class CrewRefusal extends Error {
  constructor(
    readonly code: CrewRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'CrewRefusal';
  }

  get status(): 400 | 401 | 410 {
    if (this.code === 'forged') return 401;
    return this.code === 'invalid' ? 400 : 410;
  }
}

/** A link whose token verified, and whether its job is still open (null) or why it is over. */
export type Verdict = { link: CrewLink; over: CrewRefusal | null };

type TapRow = { kind: CrewAnswer['kind']; member: string; tap_at: string; note: string; tap_key: string };

/** Closing steps of a work order: after either, its crew links answer 410. */
const CLOSING_TYPES = ['workorder.accepted', 'workorder.cancelled'];

/**
 * The crew page's rules on the server: which token is whose, whether its
 * job is open, and each tap stored once, as a crew answer in the server's own
 * chain of the organisation's journal.
 */
export class CrewService {
  private readonly keys: Map<string, { desk: string; key: string }>;

  constructor(
    private readonly db: Sql,
    private readonly store: EventStore,
    desks: readonly DeskRegistration[],
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new Map(
      desks.map((d) => {
        const { linkId, key } = linkKeyOf(d.sha256, hmac);
        return [linkId, { desk: d.id, key }];
      }),
    );
  }

  /** Verifies a token; throws `forged` for anything no desk granted. */
  async verify(token: string): Promise<Verdict> {
    const parts = CREW_TOKEN.exec(token);
    const desk = parts ? this.keys.get(parts[1] ?? '') : undefined;
    if (!parts || !desk) throw new CrewRefusal('forged', 'not a crew link of any registered desk');
    const [row] = await this.db.query<{ grant_data: string; granted_at: string }>(
      'SELECT grant_data, granted_at::text AS granted_at FROM crew_links WHERE sha256 = $1 AND desk = $2',
      [sha256(token), desk.desk],
    );
    if (!row) throw new CrewRefusal('forged', 'no dispatch synced from that desk grants this link');
    const grant = CrewLinkGrant.parse(JSON.parse(row.grant_data));
    const expected = Buffer.from(crewToken({ linkId: grant.linkId, key: desk.key }, grant, hmac));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new CrewRefusal('forged', 'the link does not match the dispatch that names it');
    const link: CrewLink = {
      sha256: sha256(token),
      desk: desk.desk,
      grant,
      grantedAt: Number(row.granted_at),
    };
    return { link, over: await this.overReason(this.db, link) };
  }

  async state({ link, over }: Verdict): Promise<CrewPageState> {
    const { grant } = link;
    const rows = await this.db.query<TapRow>(
      `SELECT kind, member, tap_at::text AS tap_at, note, tap_key FROM crew_taps
       WHERE link_sha256 = $1 ORDER BY tap_at, id`,
      [link.sha256],
    );
    return {
      workOrderId: grant.workOrderId,
      crewName: grant.crewName,
      members: grant.members,
      station: grant.station,
      device: grant.device,
      cause: grant.cause,
      tier: grant.tier,
      arrivalDeadline: grant.arrivalDeadline,
      expiresAt: grant.expiresAt,
      over: over && over.code !== 'forged' && over.code !== 'invalid' ? over.code : null,
      taps: rows.map((r) => ({
        kind: r.kind,
        at: Number(r.tap_at),
        member: r.member,
        note: r.note,
        key: r.tap_key,
      })),
    };
  }

  /**
   * Stores one tap once: a repeated key returns what was stored the first
   * time (even after the link is spent), anything else on a link whose job
   * is over is refused. The tap's time is the phone's, kept between the
   * dispatch and now.
   */
  async tap(verdict: Verdict, tap: CrewTapRequest): Promise<{ answer: CrewAnswer; duplicate: boolean }> {
    const { link } = verdict;
    return this.store.ownChain(CREW_PAGE_DESK, async (tx, append) => {
      const [known] = await tx.query<{ data: string }>(
        `SELECT e.data FROM crew_taps t JOIN events e ON e.id = t.event_id
         WHERE t.link_sha256 = $1 AND t.tap_key = $2`,
        [link.sha256, tap.key],
      );
      if (known) return { answer: JSON.parse(known.data) as CrewAnswer, duplicate: true };
      const over = await this.overReason(tx, link);
      if (over) throw over;
      const member = link.grant.members.find((m) => m === tap.member.trim());
      if (!member) throw new CrewRefusal('invalid', `${tap.member} is not on this crew`);
      const receivedAt = this.now();
      const { station } = link.grant;
      const answer: CrewAnswer = {
        desk: link.desk,
        workOrderId: link.grant.workOrderId,
        crewId: link.grant.crewId,
        kind: tap.kind,
        tapAt: Math.min(receivedAt, Math.max(link.grantedAt, tap.at)),
        receivedAt,
        note: tap.note,
        position: tap.position,
        distanceKm:
          tap.position && station.lat !== null && station.lng !== null
            ? Math.round(distanceKm(tap.position, { lat: station.lat, lng: station.lng }) * 1000) / 1000
            : null,
        outageReason: tap.kind === 'needs-outage' ? tap.outageReason : null,
        key: tap.key,
      };
      const event = await append({
        ts: answer.tapAt,
        actor: { user: member, role: 'crew' },
        type: CREW_ANSWER_TYPE,
        subject: answer.workOrderId,
        data: answer,
        reason: tap.note || null,
      });
      await tx.query(
        `INSERT INTO crew_taps (link_sha256, tap_key, kind, member, tap_at, received_at, note, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [link.sha256, tap.key, tap.kind, member, answer.tapAt, receivedAt, tap.note, event.id],
      );
      return { answer, duplicate: false };
    });
  }

  private async overReason(sql: Sql, link: CrewLink): Promise<CrewRefusal | null> {
    if (link.grant.expiresAt <= this.now())
      return new CrewRefusal(
        'expired',
        `the link expired at ${new Date(link.grant.expiresAt).toISOString()}`,
      );
    const [closed] = await sql.query<{ type: string }>(
      'SELECT type FROM events WHERE desk = $1 AND subject = $2 AND type = ANY($3::text[]) LIMIT 1',
      [link.desk, link.grant.workOrderId, CLOSING_TYPES],
    );
    if (closed)
      return new CrewRefusal('closed', `work order ${link.grant.workOrderId} is closed (${closed.type})`);
    const [spent] = await sql.query<{ n: string }>(
      'SELECT 1 AS n FROM crew_taps WHERE link_sha256 = $1 AND kind = $2 LIMIT 1',
      [link.sha256, FINAL_TAP],
    );
    return spent ? new CrewRefusal('spent', 'the crew reported the job fixed; this link is spent') : null;
  }
}
