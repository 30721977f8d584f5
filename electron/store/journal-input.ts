import { z } from 'zod';
import { canonicalCopy } from '../../shared/journal/canonical-json';
import { JournalInput } from '../../shared/journal/event';
import { StoreError } from './database';
import type { HashedFields } from './hash';

/** An input that passed its checks, as the hash and the row take it (id, seq, desk and prevHash still to come). */
export type Checked = Pick<
  HashedFields,
  'actorUser' | 'actorRole' | 'type' | 'subject' | 'canonicalData' | 'reason'
> & {
  ts: number | undefined;
  /** The data as canonicalData parses back, for the returned event. */
  copy: unknown;
};

/**
 * JournalInput without its data check: checkInput() makes the canonical
 * text itself, once, and that is the check (JsonValue would make it a
 * second time).
 */
const InputFields = JournalInput.extend({ data: z.unknown().optional() });

/**
 * Checks one input of an append and makes the canonical text of its data;
 * a refusal names the input (`index` of `count`) and the field.
 */
export function checkInput(input: JournalInput, index: number, count: number): Checked {
  const fields = isPlainInput(input) ? input : parseInput(input, label(index, count));
  let stored: { text: string; copy: unknown };
  try {
    stored = canonicalCopy(fields.data);
  } catch (error) {
    throw new StoreError(
      `journal not written, ${label(index, count)}.data refused: ${(error as Error).message}`,
    );
  }
  return {
    actorUser: fields.actor.user,
    actorRole: fields.actor.role,
    type: fields.type,
    subject: fields.subject,
    canonicalData: stored.text,
    copy: stored.copy,
    reason: fields.reason ?? null,
    ts: fields.ts,
  };
}

/** The full check, for an input isPlainInput did not pass: its refusal names the field. */
function parseInput(input: JournalInput, label: string): z.output<typeof InputFields> {
  const parsed = InputFields.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.length ? `${label}.${issue.path.join('.')}` : label;
    throw new StoreError(`journal not written, ${where} refused: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** How a refusal names the input; a plain function, so an append makes no closure. */
const label = (index: number, count: number) => (count === 1 ? 'event' : `event[${index}]`);

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const isText = (value: unknown): value is string => typeof value === 'string' && !LONE_SURROGATE.test(value);
const isName = (value: unknown): value is string => isText(value) && value.length >= 1 && value.length <= 200;

/**
 * JournalInput's rules (event.ts) for the fields, written out: an input
 * they pass, zod passes too. Zod takes a tenth of an append's time, so it
 * only sees what fails here, to name the field it refuses.
 */
function isPlainInput(input: JournalInput): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const { actor, reason, ts } = input;
  return (
    isName(input.type) &&
    isName(input.subject) &&
    typeof actor === 'object' &&
    actor !== null &&
    isName(actor.user) &&
    isName(actor.role) &&
    (reason === undefined || reason === null || isText(reason)) &&
    (ts === undefined || (Number.isSafeInteger(ts) && ts >= 0))
  );
}
