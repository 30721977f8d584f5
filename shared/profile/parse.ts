import { fieldPath } from '../config/schema';
import { Profile } from './schema';

/** One profile file as read from disk: where it came from (for messages) and its text. */
export type ProfileSource = { file: string; text: string };

/**
 * Profiles by id, each source parsed and validated in the order given. A bad
 * file stops the load with its name and the offending field, so whoever edits
 * the register maps can fix them without reading code.
 */
export function parseProfiles(sources: readonly ProfileSource[]): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  const origin = new Map<string, string>();
  for (const { file, text } of sources) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
    }
    const parsed = Profile.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) =>
        i.path.length ? `${fieldPath(i.path)}: ${i.message}` : i.message,
      );
      throw new Error(`${file}: ${problems.join('; ')}`);
    }
    const previous = origin.get(parsed.data.id);
    if (previous) throw new Error(`${file}: id "${parsed.data.id}" is already used by ${previous}`);
    origin.set(parsed.data.id, file);
    profiles.set(parsed.data.id, parsed.data);
  }
  return profiles;
}
