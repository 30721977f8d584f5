import type { KeyboardEvent, ReactNode, Ref } from 'react';
import '../kit.css';

export type ChoicesProps<T extends string | number> = {
  name: string;
  legend: ReactNode;
  options: readonly T[];
  value: NoInfer<T> | undefined;
  onChange(value: NoInfer<T>): void;
  label(option: NoInfer<T>): ReactNode;
  /** A second, smaller line of an option: what it is now, what it would give. */
  note?(option: NoInfer<T>): ReactNode;
  /** The test id of every option. */
  testId: string;
  /** Names a data attribute that carries each option's value (e.g. "action" gives data-action). */
  valueAttr?: string;
  /** The options side by side, for short words. */
  row?: boolean;
  /** Set on the chosen option's radio, for a dialog that moves focus itself. */
  checkedRef?: Ref<HTMLInputElement>;
};

/**
 * One choice out of a few, as numbered radio buttons: the number keys of
 * the dialog pick them (see choiceKeys), the arrows move between them.
 */
export function Choices<T extends string | number>({
  name,
  legend,
  options,
  value,
  onChange,
  label,
  note,
  testId,
  valueAttr,
  row = false,
  checkedRef,
}: ChoicesProps<T>) {
  return (
    <fieldset className={row ? 'actions actions--row' : 'actions'} data-choice-keys="">
      <legend>{legend}</legend>
      {options.map((option, i) => {
        const said = note?.(option);
        return (
          <label
            key={option}
            className="optionbox action"
            data-testid={testId}
            data-selected={option === value}
            {...(valueAttr ? { [`data-${valueAttr}`]: String(option) } : {})}
          >
            <input
              type="radio"
              name={name}
              value={option}
              checked={option === value}
              onChange={() => onChange(option)}
              ref={option === value ? checkedRef : undefined}
            />
            <kbd>{i + 1}</kbd>
            <span className="action__label">{label(option)}</span>
            {said && <span className="action__now">{said}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}

/**
 * The keys of a dialog with Choices: 1–9 pick the n-th choice unless a text
 * is being typed, and Enter on a radio button sends (a radio button does not
 * submit its form on Enter by itself).
 */
export function choiceKeys(event: KeyboardEvent<HTMLElement>, onEnter: () => void): void {
  const target = event.target;
  const typing = target instanceof HTMLInputElement && target.type !== 'radio' && target.type !== 'checkbox';
  if (!typing && /^[1-9]$/.test(event.key)) {
    const radios = event.currentTarget.querySelectorAll<HTMLInputElement>(
      '[data-choice-keys] input[type="radio"]',
    );
    const radio = radios[Number(event.key) - 1];
    if (!radio) return;
    event.preventDefault();
    // A click, so the choice goes through the radio's own change handler like a pointer's would.
    radio.click();
    radio.focus();
  } else if (event.key === 'Enter' && target instanceof HTMLInputElement && target.type === 'radio') {
    event.preventDefault();
    onEnter();
  }
}
