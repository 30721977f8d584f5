import { randomUUID } from 'node:crypto';
import type { Journal } from '../../electron/store/journal';
import { type CrewLink, type CrewLinkParams, crewLink } from '../../electron/sync/crew-link';
import type { CrewTapRequest } from '../../shared/sync/crew-link';

export const CREW_MEMBERS = ['王强', '李明'];

/** A crew job at 绍兴镜湖站 expiring at `expiresAt`, as a dispatch would describe it. */
export function crewJob(workOrderId: string, expiresAt: number): CrewLinkParams {
  return {
    workOrderId,
    crewId: 'yuecheng-a',
    crewName: '越城一班',
    members: CREW_MEMBERS,
    expiresAt,
    station: { id: 'sx-01', name: '绍兴镜湖站', lat: 30.0312, lng: 120.5801 },
    device: 'DC-03 直流桩',
    cause: '绝缘故障',
    tier: 'emergency',
    arrivalDeadline: expiresAt - 5 * 24 * 3_600_000,
  };
}

/**
 * Records a dispatch the way the desk does, with the crew link's grant in
 * its data, and returns the link (its url goes to the crew).
 */
export function recordDispatch(
  journal: Journal,
  desk: { url: string; token: string },
  job: CrewLinkParams,
  ts: number,
): CrewLink {
  const link = crewLink({ url: desk.url, syncToken: desk.token }, job);
  journal.append({
    type: 'workorder.dispatched',
    subject: job.workOrderId,
    data: { event: { crew: job.members }, detail: job.members.join(', '), crewLink: link.grant },
    actor: { user: 'monitor-zhang', role: 'monitor' },
    ts,
  });
  return link;
}

export function tap(kind: CrewTapRequest['kind'], at: number, extra: Partial<CrewTapRequest> = {}) {
  return { key: randomUUID(), kind, at, member: CREW_MEMBERS[0] as string, ...extra };
}

export async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/taps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
