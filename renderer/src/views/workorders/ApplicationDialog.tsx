import { useState } from 'react';
import type { ApplicationView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import type { FleetState } from '../../state/fleet';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { Choices } from '../../ui/dialog/Choices';
import { SelectField, TextField } from '../../ui/field/Field';
import { NoteField } from '../../ui/field/FreeText';
import { stationLabel } from '../alarms/words';
import { type ApplicationDraft, filingOf, fromLocalInput, REASONS_OF, toLocalInput } from './model';

type Props = {
  draft: ApplicationDraft;
  fleet: Pick<FleetState, 'stations' | 'devices'>;
  client: DeskClient;
  /** Filed: the notice to show, and the application. */
  onDone(text: string, application: ApplicationView): void;
  onClose(): void;
};

const KINDS: readonly ApplicationDraft['kind'][] = ['outage', 'decommission', 'exemption'];

/** The window's two ends, typed as the fleet's wall clock; an exemption's window is when it was, the others' a plan. */
const ENDS = ['from', 'until'] as const;
const END_LABELS = {
  from: { exemption: 'app.field.from', plan: 'app.field.plannedFrom' },
  until: { exemption: 'app.field.until', plan: 'app.field.plannedUntil' },
} as const;

/**
 * Files an outage (停运), decommission (退运) or exemption (免责申报) for a
 * device or a whole station, with a reason of seed 001 and its window. It
 * opens prefilled when it answers a work order's outage prompt.
 */
export function ApplicationDialog({ draft: initial, fleet, client, onDone, onClose }: Props) {
  const { t, lang } = useI18n();
  const { timeZone } = useFleetTime();
  const { stations, devices } = fleet;
  const [draft, setDraft] = useState(initial);
  const [ends, setEnds] = useState(() => ({
    from: initial.from === null ? '' : toLocalInput(initial.from, timeZone),
    until: initial.until === null ? '' : toLocalInput(initial.until, timeZone),
  }));
  const endAt = (end: (typeof ENDS)[number]) => (ends[end] ? fromLocalInput(ends[end], timeZone) : null);
  const atStation = devices.filter((d) => d.stationId === draft.stationId);
  const reasons = REASONS_OF[draft.kind];
  const station = stations.find((s) => s.id === draft.stationId);
  const device = atStation.find((d) => d.id === draft.deviceId);
  const subject = `${stationLabel(station, draft.stationId, lang)}${device ? ` · ${device.name}` : ` · ${t('app.target.station')}`}`;

  const setKind = (kind: ApplicationDraft['kind']) =>
    setDraft((d) => ({
      ...d,
      kind,
      reason: REASONS_OF[kind].includes(d.reason) ? d.reason : (REASONS_OF[kind][0] ?? d.reason),
      workOrderId: kind === 'outage' ? d.workOrderId : null,
    }));
  const built = () =>
    filingOf({ ...draft, from: endAt('from'), until: endAt('until') }, draft.note?.trim() ?? '');

  return (
    <ActionDialog
      testId="app-file-dialog"
      title={t('app.file.title')}
      subject={subject}
      reason={null}
      confirmLabel={t('app.file.confirm')}
      check={() => {
        if (ENDS.some((end) => ends[end] && endAt(end) === null)) return t('app.file.badTime');
        const result = built();
        return 'problem' in result ? t(`app.file.problem.${result.problem}`) : null;
      }}
      onSubmit={async () => {
        const result = built();
        if ('problem' in result) return;
        const filed = await client.request('application.file', result.filing);
        onDone(t('app.done.file', { id: filed.id }), filed);
      }}
      onClose={onClose}
    >
      {draft.workOrderId && (
        <p data-testid="app-file-workorder">{t('app.file.forWorkOrder', { id: draft.workOrderId })}</p>
      )}
      <Choices
        name="app-kind"
        legend={t('app.field.kind')}
        options={KINDS}
        value={draft.kind}
        onChange={setKind}
        label={(kind) => t(`app.kind.${kind}`)}
        testId="app-kind-choice"
        row
      />
      <div className="appdlg__where">
        <SelectField
          label={t('app.field.station')}
          value={draft.stationId}
          options={stations.map((s) => s.id)}
          word={(id) =>
            stationLabel(
              stations.find((s) => s.id === id),
              id,
              lang,
            )
          }
          testId="app-file-station"
          onValue={(stationId) =>
            setDraft((d) => ({ ...d, stationId: stationId ?? d.stationId, deviceId: null }))
          }
        />
        <SelectField
          label={t('app.field.device')}
          value={draft.deviceId}
          options={atStation.map((d) => d.id)}
          word={(id) => `${atStation.find((d) => d.id === id)?.name ?? id} (${id})`}
          none={t('app.target.station')}
          testId="app-file-device"
          onValue={(deviceId) => setDraft((d) => ({ ...d, deviceId }))}
        />
      </div>
      <fieldset className="actions appdlg__reasons">
        <legend>{t('app.field.reason')}</legend>
        {reasons.map((reason) => (
          <label key={reason} className="optionbox appdlg__reason" data-selected={reason === draft.reason}>
            <input
              type="radio"
              name="app-reason"
              value={reason}
              data-testid={`app-reason-${reason}`}
              checked={reason === draft.reason}
              onChange={() => setDraft((d) => ({ ...d, reason }))}
            />
            {t(`app.reason.${reason}`)}
          </label>
        ))}
      </fieldset>
      <div className="appdlg__window">
        {ENDS.map((end) => (
          <TextField
            key={end}
            label={t(END_LABELS[end][draft.kind === 'exemption' ? 'exemption' : 'plan'])}
            type="datetime-local"
            data-testid={`app-file-${end}`}
            value={ends[end]}
            onValue={(text) => setEnds((e) => ({ ...e, [end]: text }))}
          />
        ))}
      </div>
      <p className="field__help">
        {t(draft.kind === 'exemption' ? 'app.file.windowExemption' : 'app.file.windowPlan')}
      </p>
      <NoteField
        label={t('app.field.note')}
        data-testid="app-file-note"
        value={draft.note ?? ''}
        placeholder={t('app.field.notePlaceholder')}
        onValue={(note) => setDraft((d) => ({ ...d, note }))}
      />
    </ActionDialog>
  );
}
