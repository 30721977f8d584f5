import type { Audience, EscalationConfig } from '../config/escalation';
import type { CrewMember, Roster } from '../crew/roster';
import type { ChannelType } from './config';
import type { Recipients } from './events';

/** Someone a message can name: a crew member or a manager. */
export type Person = Omit<CrewMember, 'lead'>;

/** One channel and the people a message through it names. */
export type Target = { channel: string; people: Person[] };

/**
 * How a channel names people: WeCom and DingTalk robots mention by mobile
 * (mentioned_mobile_list, at.atMobiles), a Feishu bot only by its user id,
 * an SMS gateway texts mobiles, mail goes to addresses.
 */
export function recipientsFor(type: ChannelType, people: readonly Person[]): Recipients {
  const mobiles = [...new Set(people.map((p) => p.mobile.replace(/[\s-]/g, '')))];
  const ids = (pick: (p: Person) => string | undefined) => [
    ...new Set(people.flatMap((p) => (pick(p) ? [pick(p) as string] : []))),
  ];
  switch (type) {
    case 'wecom':
    case 'dingtalk':
    case 'sms':
      return { mobiles, userIds: [], emails: [] };
    case 'feishu':
      return { mobiles: [], userIds: ids((p) => p.feishu), emails: [] };
    case 'email':
      return { mobiles: [], userIds: [], emails: ids((p) => p.email) };
  }
}

/** A crew's lead, or its first member where nobody is marked lead. */
function leadsOf(crew: Roster['crews'][number]): Person[] {
  const leads = crew.members.filter((m) => m.lead);
  return leads.length > 0 ? leads : crew.members.slice(0, 1);
}

/**
 * Where a message to `audiences` goes: the crew (the one dispatched, or
 * before any dispatch the crews on call) through its own channels, the
 * on-call crews' leads through theirs, the managers through the policy's
 * channels. A person reached twice on one channel is named once.
 */
export function targetsOf(
  audiences: readonly Audience[],
  context: {
    roster: Roster | undefined;
    escalation: Pick<EscalationConfig, 'managers' | 'channels'>;
    onCall: ReadonlySet<string>;
    crewId: string | null;
  },
): Target[] {
  const { roster, escalation, onCall, crewId } = context;
  const byChannel = new Map<string, Map<string, Person>>();
  const add = (channels: readonly string[], people: readonly Person[]) => {
    for (const channel of channels) {
      const named = byChannel.get(channel) ?? new Map<string, Person>();
      for (const person of people) named.set(`${person.name}|${person.mobile}`, person);
      byChannel.set(channel, named);
    }
  };
  const crews = roster?.crews ?? [];
  const onCallCrews = crews.filter((c) => onCall.has(c.id));
  for (const audience of new Set(audiences)) {
    if (audience === 'crew') {
      const sent = crews.filter((c) => c.id === crewId);
      for (const crew of sent.length > 0 ? sent : onCallCrews) add(crew.channels, crew.members);
    } else if (audience === 'on-call-lead') {
      for (const crew of onCallCrews) add(crew.channels, leadsOf(crew));
    } else {
      add(escalation.channels, escalation.managers);
    }
  }
  return [...byChannel].map(([channel, people]) => ({ channel, people: [...people.values()] }));
}
