import { KeyButton } from '../../ui/button/KeyButton';
import type { Blocked } from './model';

type Choice<A extends string> = { action: A; key: string; blocked: Blocked | null };

type Props<A extends string, C extends Choice<A>> = {
  choices: readonly C[];
  /** `wo` or `app`: the buttons are `<prefix>-action-<action>`, the row `<prefix>-actions`. */
  prefix: string;
  word(action: A): string;
  /** Why a blocked action is blocked, on hover. */
  why(choice: C): string | undefined;
  onAction(action: A): void;
};

/** The next steps of a work order or application, each with its key; a blocked one is greyed and says why. */
export function ActionButtons<A extends string, C extends Choice<A>>({
  choices,
  prefix,
  word,
  why,
  onAction,
}: Props<A, C>) {
  return (
    <div className="woactions" data-testid={`${prefix}-actions`}>
      {choices.map((choice) => (
        <KeyButton
          key={choice.action}
          shortcut={choice.key.toUpperCase()}
          className="woaction"
          data-testid={`${prefix}-action-${choice.action}`}
          data-blocked={choice.blocked ?? undefined}
          disabled={choice.blocked !== null}
          title={choice.blocked ? why(choice) : undefined}
          onClick={() => onAction(choice.action)}
        >
          {word(choice.action)}
        </KeyButton>
      ))}
    </div>
  );
}
