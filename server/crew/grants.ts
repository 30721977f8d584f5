import { canonicalJson } from '../../shared/journal/canonical-json';
import type { JournalEvent } from '../../shared/journal/event';
import { CrewLinkGrant } from '../../shared/sync/crew-link';
import type { Sql } from '../database';

/** The grant an event carries under `data.crewLink`, if it is one. */
export function grantOf(data: JournalEvent['data']): CrewLinkGrant | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('crewLink' in data)) return null;
  const parsed = CrewLinkGrant.safeParse(data.crewLink);
  return parsed.success ? parsed.data : null;
}

/**
 * Indexes the crew links a desk's batch grants, inside the push
 * transaction. A grant is honoured later only with the granting desk's key,
 * so another desk naming the same hash gains nothing; the first grant of a
 * hash is kept.
 */
export async function indexCrewLinks(tx: Sql, desk: string, events: readonly JournalEvent[]): Promise<void> {
  const rows = events.flatMap((e) => {
    const grant = grantOf(e.data);
    return grant
      ? [
          {
            sha256: grant.sha256,
            desk,
            event_id: e.id,
            granted_at: e.ts,
            work_order: grant.workOrderId,
            expires_at: grant.expiresAt,
            grant_data: canonicalJson(grant),
          },
        ]
      : [];
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO crew_links (sha256, desk, event_id, granted_at, work_order, expires_at, grant_data)
     SELECT r.sha256, r.desk, r.event_id, r.granted_at, r.work_order, r.expires_at, r.grant_data
     FROM jsonb_to_recordset($1::jsonb) AS r(sha256 text, desk text, event_id text, granted_at bigint,
       work_order text, expires_at bigint, grant_data text)
     ON CONFLICT (sha256) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
