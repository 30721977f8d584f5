import { useState } from 'react';
import { ActionDialog, type ActionDialogProps } from './ActionDialog';
import { Choices, type ChoicesProps } from './Choices';

/** The dialog's one choice: how Choices shows it, and the option chosen when the dialog opens. */
export type ChoiceSpec<T extends string | number> = Pick<
  ChoicesProps<T>,
  'legend' | 'options' | 'label' | 'note' | 'testId' | 'valueAttr'
> & { initial: NoInfer<T> };

type Props<T extends string | number> = Omit<ActionDialogProps, 'check' | 'onSubmit'> & {
  choice: ChoiceSpec<T>;
  /** Extra checks before sending, given the option chosen; a message keeps the dialog open. */
  check?(chosen: T): string | null;
  /** Sends the action with the option chosen and the reason (empty where the dialog asks none). */
  onSubmit(chosen: T, reason: string): Promise<void>;
};

/**
 * An action that takes one of a few short options (a tier, a duration, a
 * speed) besides its reason or its own fields: the dialog keeps the choice,
 * shows it in a row under the fields given as children, and hands it to
 * check and onSubmit, so the views hold no state for it.
 */
export function ChoiceDialog<T extends string | number>({
  choice: { initial, ...choice },
  children,
  check,
  onSubmit,
  ...dialog
}: Props<T>) {
  const [chosen, setChosen] = useState<T>(initial);
  return (
    <ActionDialog
      {...dialog}
      check={check && (() => check(chosen))}
      onSubmit={(reason) => onSubmit(chosen, reason)}
    >
      {children}
      {/* The only group of radio buttons in the dialog: its test id names it well enough. */}
      <Choices<T> name={choice.testId} {...choice} value={chosen} onChange={setChosen} row />
    </ActionDialog>
  );
}
