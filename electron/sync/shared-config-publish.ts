import { createHash } from 'node:crypto';
import { ApiError } from '../../shared/api/frames';
import type { SharedConfigPublished } from '../../shared/api/shared-config';
import { can, type Session } from '../../shared/auth/roles';
import { fieldPath } from '../../shared/config/schema';
import { canonicalJson } from '../../shared/journal/canonical-json';
import type { JournalInput, JsonValue } from '../../shared/journal/event';
import type { PublishConfigRequest, PublishConfigResult, SharedConfig } from '../../shared/sync/protocol';
import { SharedSections } from '../../shared/sync/shared-config';
import { ServerRefused, ServerUnreachable } from './server-link';

/** The journal event of a revision this desk published to the other desks. */
export const SHARED_CONFIG_PUBLISHED = 'config.shared-published';

export type PublishOptions = {
  /** The sections the desk runs on now (its whole configuration will do: only the shared ones are taken). */
  current: unknown;
  /** The newest revision this desk holds from the server, and whether what it would change is applied here. */
  held: { revision: number; data: unknown; pending: boolean } | null;
  send: ((request: PublishConfigRequest) => Promise<PublishConfigResult>) | null;
  hold(config: SharedConfig): void;
  record(entry: JournalInput): unknown;
  reason: string;
  session: Session;
};

/** The desk's roster, shifts and SLA presets, checked as the other desks will check them. */
function sharedSectionsOf(current: unknown): SharedSections {
  const source = (current ?? {}) as Record<string, unknown>;
  const picked = Object.fromEntries(
    (['crews', 'shifts', 'sla'] as const).filter((k) => source[k] !== undefined).map((k) => [k, source[k]]),
  );
  const parsed = SharedSections.safeParse(picked);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new ApiError('invalid', `cannot publish: ${fieldPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  if (Object.keys(parsed.data).length === 0)
    throw new ApiError(
      'invalid',
      'cannot publish: this desk has no roster, shifts or SLA presets configured',
    );
  return parsed.data;
}

/**
 * Publishes the desk's roster, shifts and SLA presets as a new revision of
 * the organisation's shared configuration, based on the newest revision
 * this desk has seen: the server refuses it when another desk published
 * since, and a revision held here but not applied must be reviewed first,
 * so nobody's edit is overwritten unseen. Journalled with the hash of what
 * was sent, once the server has stored it.
 */
export async function publishSharedConfig(options: PublishOptions): Promise<SharedConfigPublished> {
  const { held, session } = options;
  if (!can(session.role, 'config.edit'))
    throw new ApiError(
      'forbidden',
      `publishing the shared configuration needs an admin, not ${session.role}`,
    );
  const sections = sharedSectionsOf(options.current);
  const text = canonicalJson(sections as JsonValue);
  if (held?.pending) {
    throw new ApiError(
      'invalid',
      `revision ${held.revision} from the sync server is not applied here: review and apply it first, then publish`,
    );
  }
  if (held && canonicalJson(held.data as JsonValue) === text)
    throw new ApiError(
      'invalid',
      `nothing to publish: the roster, shifts and SLA are revision ${held.revision}`,
    );
  if (!options.send)
    throw new ApiError('unavailable', 'this desk does not sync: there is no server to publish to');
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  const base = held?.revision ?? 0;
  let result: PublishConfigResult;
  try {
    result = await options.send({ base, data: sections as JsonValue, hash });
  } catch (error) {
    if (error instanceof ServerUnreachable)
      throw new ApiError('unavailable', `${error.message}; nothing was published, try again`);
    if (error instanceof ServerRefused)
      throw new ApiError('invalid', `the sync server refused the publish: ${error.message}`);
    throw error;
  }
  // Journalled before it is held: a desk that stops between the two publishes again, and the server answers
  // with the same revision, rather than finding it held and unrecorded.
  options.record({
    type: SHARED_CONFIG_PUBLISHED,
    subject: 'shared-config',
    data: { revision: result.revision, base, hash: result.hash, sections: Object.keys(sections) },
    reason: options.reason,
    actor: { user: session.user, role: session.role },
  });
  options.hold({ revision: result.revision, data: sections as JsonValue });
  return { revision: result.revision, hash: result.hash, sections: Object.keys(sections) };
}
