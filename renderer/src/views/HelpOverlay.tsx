import { useRef } from 'react';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useModal } from '../ui/dialog/modal';

const SHORTCUTS: ReadonlyArray<readonly [keys: readonly string[], what: MessageKey]> = [
  [['F1', 'W'], 'help.wall'],
  [['F2', 'S'], 'help.config'],
  [['F5', 'M'], 'help.map'],
  [['F6'], 'help.trends'],
  [['F4', 'H'], 'help.handover'],
  [['N O I C P R F'], 'help.handoverKeys'],
  [['1 2 3'], 'help.subwalls'],
  [['O'], 'help.sort'],
  [['T'], 'help.trend'],
  [['1 2 3 4'], 'help.ranges'],
  [['F3', 'Q'], 'help.alarms'],
  [['↑ ↓ PgUp PgDn Home End'], 'help.alarmMove'],
  [['A', 'Space'], 'help.alarmAck'],
  [['S'], 'help.alarmShelve'],
  [['U'], 'help.alarmUnshelve'],
  [['T'], 'help.alarmRetier'],
  [['D'], 'help.alarmDispatch'],
  [['Enter'], 'help.alarmDetail'],
  [['→ ←'], 'help.alarmExpand'],
  [['M'], 'help.silence'],
  [['F7'], 'help.workorders'],
  [['D A P R C E O X', '1 2 3'], 'help.workorderKeys'],
  [['F8'], 'help.applications'],
  [['N Y X R U'], 'help.applicationKeys'],
  [['F9', 'K'], 'help.reports'],
  [['1 2 3 4 5'], 'help.reportKeys'],
  [['[ ]'], 'help.reportMonth'],
  [['C X P'], 'help.reportExport'],
  [['Y'], 'help.drills'],
  [['1 2 3', 'N O E P X'], 'help.drillKeys'],
  [['+ − ← → ↑ ↓'], 'help.mapKeys'],
  [['/'], 'help.search'],
  [['A'], 'help.abnormal'],
  [['G'], 'help.group'],
  [['L'], 'help.lang'],
  [['← → ↑ ↓'], 'help.move'],
  [['Tab'], 'help.tab'],
  [['Enter'], 'help.control'],
  [['Ctrl+Enter'], 'help.confirm'],
  [['Ctrl+S'], 'help.save'],
  [['?'], 'help.help'],
  [['Esc'], 'help.escape'],
];

export function HelpOverlay({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, open);
  return (
    <dialog ref={ref} className="help" onClose={onClose} aria-labelledby="help-title">
      <h2 id="help-title">{t('help.title')}</h2>
      <dl className="help__list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="help__row">
            <dt>
              {keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
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
