import { useState } from 'react';
import type { WorkOrderView } from '../../../../shared/api';
import { Report } from '../../../../shared/workorder/state';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../alarms/ActionDialog';
import { crewOf } from '../alarms/DispatchDialog';
import { formatWhen } from '../alarms/words';
import { checkInFrom, toLocalInput, type WorkOrderAction } from './model';

export type StepAction = Exclude<WorkOrderAction, 'outage'>;

type Props = {
  action: StepAction;
  order: WorkOrderView;
  subject: string;
  client: DeskClient;
  /** Said in the view's notice line once the engine has recorded the step. */
  onDone(text: string): void;
  onClose(): void;
};

const REPORTS = Report.options;

/**
 * One dialog per step of a work order, each asking only what that step
 * records: the crew, the check-in time, what was done, a reason. Enter
 * sends, Esc cancels, the first field has focus; a refusal by the engine
 * is shown in place.
 */
export function StepDialog({ action, order, subject, client, onDone, onClose }: Props) {
  const { t } = useI18n();
  const [crewText, setCrewText] = useState(order.crew.join(', '));
  const [note, setNote] = useState('');
  const [checkIn, setCheckIn] = useState(() => toLocalInput(Date.now()));
  const [report, setReport] = useState<Report>('progress-reported');
  const testId = `wo-${action}-dialog`;
  const common = {
    testId,
    subject,
    title: t(`wo.action.${action}`),
    confirmLabel: t(`wo.confirm.${action}`),
    onClose,
  };
  const noteField = (label: string) => (
    <div className="field">
      <label htmlFor={`${testId}-note`}>{label}</label>
      <input
        id={`${testId}-note`}
        data-testid={`${testId}-note`}
        className="field__wide"
        autoComplete="off"
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
    </div>
  );
  const optionalNote = () => (note.trim() ? { note: note.trim() } : {});

  switch (action) {
    case 'dispatch': {
      const crew = crewOf(crewText);
      return (
        <ActionDialog
          {...common}
          reason={null}
          check={() => (crew.length < 2 ? t('alarms.dispatch.crewTooFew') : null)}
          onSubmit={async () => {
            await client.request('workorder.dispatch', { id: order.id, crew, ...optionalNote() });
            onDone(t('wo.done.dispatch', { id: order.id, crew: crew.join(t('list.separator')) }));
          }}
        >
          <div className="field">
            <label htmlFor={`${testId}-crew`}>{t('wo.field.crew')}</label>
            <input
              id={`${testId}-crew`}
              data-testid={`${testId}-crew`}
              className="field__wide"
              autoComplete="off"
              maxLength={500}
              value={crewText}
              placeholder={t('alarms.dispatch.crewPlaceholder')}
              onChange={(e) => setCrewText(e.target.value)}
            />
          </div>
          {noteField(t('wo.field.noteOptional'))}
        </ActionDialog>
      );
    }
    case 'arrive': {
      return (
        <ActionDialog
          {...common}
          reason={null}
          check={() =>
            checkInFrom(checkIn, order.dispatchedAt, Date.now()) === null
              ? t('wo.checkIn.bad', {
                  dispatched: order.dispatchedAt === null ? '—' : formatWhen(order.dispatchedAt, Date.now()),
                })
              : null
          }
          onSubmit={async () => {
            const checkInAt = checkInFrom(checkIn, order.dispatchedAt, Date.now()) ?? Date.now();
            await client.request('workorder.arrive', { id: order.id, checkInAt, ...optionalNote() });
            onDone(t('wo.done.arrive', { id: order.id, time: formatWhen(checkInAt, Date.now()) }));
          }}
        >
          <p>{t('wo.checkIn.crew', { crew: order.crew.join(t('list.separator')) || '—' })}</p>
          <div className="field">
            <label htmlFor={`${testId}-time`}>{t('wo.field.checkIn')}</label>
            <input
              id={`${testId}-time`}
              data-testid={`${testId}-time`}
              type="datetime-local"
              value={checkIn}
              onChange={(e) => setCheckIn(e.target.value)}
            />
          </div>
          {noteField(t('wo.field.noteOptional'))}
        </ActionDialog>
      );
    }
    case 'report': {
      const pick = (index: number) => {
        const next = REPORTS[index];
        if (!next) return;
        setReport(next);
        document.querySelector<HTMLInputElement>(`input[name="wo-report"][value="${next}"]`)?.focus();
      };
      return (
        <ActionDialog
          {...common}
          reason={{ label: t('wo.field.reportNote'), placeholder: t('wo.field.reportPlaceholder') }}
          onPick={pick}
          onSubmit={async (text) => {
            await client.request('workorder.report', { id: order.id, report, note: text });
            onDone(t('wo.done.report', { id: order.id, report: t(`wo.report.${report}`) }));
          }}
        >
          <fieldset className="actions actions--row">
            <legend>{t('wo.field.report')}</legend>
            {REPORTS.map((r, i) => (
              <label key={r} className="action" data-selected={r === report} data-testid="wo-report-choice">
                <input
                  type="radio"
                  name="wo-report"
                  value={r}
                  checked={r === report}
                  onChange={() => setReport(r)}
                />
                <kbd>{i + 1}</kbd>
                <span className="action__label">{t(`wo.report.${r}`)}</span>
              </label>
            ))}
          </fieldset>
        </ActionDialog>
      );
    }
    case 'resolve':
      return (
        <ActionDialog
          {...common}
          reason={{ label: t('wo.field.work'), placeholder: t('wo.field.workPlaceholder') }}
          onSubmit={async (work) => {
            await client.request('workorder.resolve', { id: order.id, work });
            onDone(t('wo.done.resolve', { id: order.id }));
          }}
        />
      );
    case 'accept':
      return (
        <ActionDialog
          {...common}
          reason={null}
          onSubmit={async () => {
            await client.request('workorder.accept', { id: order.id, ...optionalNote() });
            onDone(t('wo.done.accept', { id: order.id }));
          }}
        >
          <dl className="facts">
            <div className="facts__row">
              <dt>{t('wo.detail.work')}</dt>
              <dd>{order.work ?? '—'}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('wo.detail.crew')}</dt>
              <dd>{order.crew.join(t('list.separator')) || '—'}</dd>
            </div>
          </dl>
          <p className="hint">{t('wo.accept.hint')}</p>
          {noteField(t('wo.field.acceptNote'))}
        </ActionDialog>
      );
    case 'reopen':
    case 'cancel':
      return (
        <ActionDialog
          {...common}
          reason={{ label: t(`wo.field.${action}Reason`), placeholder: t('wo.field.reasonPlaceholder') }}
          onSubmit={async (reason) => {
            await client.request(`workorder.${action}`, { id: order.id, reason });
            onDone(t(`wo.done.${action}`, { id: order.id }));
          }}
        />
      );
  }
}
