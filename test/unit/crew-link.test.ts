import { describe, expect, it } from 'vitest';
import { type CrewLinkParams, crewLink, hmacSha256, sha256Hex } from '../../electron/sync/crew-link';
import { CREW_TOKEN, CrewLinkGrant, crewToken, linkKeyOf } from '../../shared/sync/crew-link';

const params: CrewLinkParams = {
  workOrderId: 'WO-0007',
  crewId: 'yuecheng-a',
  crewName: '越城一班',
  members: ['王强', '李明'],
  expiresAt: 1_800_000_000_000,
  station: { id: 'sx-01', name: '绍兴镜湖站', lat: 30.03, lng: 120.58 },
  device: 'DC-03',
  cause: '绝缘故障',
  tier: 'emergency',
  arrivalDeadline: 1_799_990_000_000,
};
const server = { url: 'http://sync.example:4880/', syncToken: 'desk-token-not-for-logs' };

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('crew link', () => {
  it('is an address on the sync server whose token only the grant’s hash names', () => {
    const link = crewLink(server, params);
    expect(link.url.startsWith('http://sync.example:4880/crew/')).toBe(true);
    const token = tokenOf(link.url);
    expect(token).toMatch(CREW_TOKEN);
    expect(CrewLinkGrant.parse(link.grant)).toEqual(link.grant);
    expect(link.grant.sha256).toBe(sha256Hex(token));
    // Neither the token nor the desk's sync token is in what the journal keeps.
    const recorded = JSON.stringify(link.grant);
    expect(recorded).not.toContain(token.split('.')[1]);
    expect(recorded).not.toContain(server.syncToken);
  });

  it('verifies from the sync token’s hash alone, the way the server holds it', () => {
    const link = crewLink(server, params);
    const serverSide = linkKeyOf(sha256Hex(server.syncToken), hmacSha256);
    expect(serverSide.linkId).toBe(link.grant.linkId);
    expect(crewToken(serverSide, params, hmacSha256)).toBe(tokenOf(link.url));
  });

  it('changes with every part of its scope and with the desk', () => {
    const base = tokenOf(crewLink(server, params).url);
    const variants = [
      crewLink(server, { ...params, workOrderId: 'WO-0008' }),
      crewLink(server, { ...params, crewId: 'yuecheng-b' }),
      crewLink(server, { ...params, expiresAt: params.expiresAt + 1 }),
      crewLink({ ...server, syncToken: 'another-desk' }, params),
    ].map((l) => tokenOf(l.url));
    expect(new Set([base, ...variants]).size).toBe(5);
  });
});
