import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';

const SHORTCUTS: ReadonlyArray<readonly [keys: string, what: MessageKey]> = [
  ['/', 'help.search'],
  ['A', 'help.abnormal'],
  ['G', 'help.group'],
  ['L', 'help.lang'],
  ['← → ↑ ↓', 'help.move'],
  ['Tab', 'help.tab'],
  ['?', 'help.help'],
  ['Esc', 'help.escape'],
];

/** A modal <dialog> gives focus trapping and Esc-to-close without extra code. */
export function HelpOverlay({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help" onClose={onClose} aria-labelledby="help-title">
      <h2 id="help-title">{t('help.title')}</h2>
      <dl className="help__list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="help__row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        {t('help.close')}
      </button>
    </dialog>
  );
}
