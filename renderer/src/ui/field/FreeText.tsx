import type { ComponentProps } from 'react';
import { TextField } from './Field';

type Props = Omit<ComponentProps<typeof TextField>, 'wide' | 'maxLength'>;

/** The engine's limits on free text (shared/api: a reason, a note), so a field never takes more than is kept. */
const REASON_MAX = 500;
const NOTE_MAX = 2000;

/** Why an action is taken, recorded with it: a line across the dialog, as long as the engine keeps a reason. */
export function ReasonField(props: Props) {
  return <TextField {...props} wide maxLength={REASON_MAX} />;
}

/** A note on a record (a step, a filing, a decision): a line across the dialog, as long as the engine keeps a note. */
export function NoteField(props: Props) {
  return <TextField {...props} wide maxLength={NOTE_MAX} />;
}
