import { type ReactNode, useState } from 'react';
import type { WorkOrderView } from '../../../../shared/api';
import { Report } from '../../../../shared/workorder/state';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { useDeskClock } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { ChoiceDialog } from '../../ui/dialog/ChoiceDialog';
import { Fact } from '../../ui/facts/Fact';
import { TextField } from '../../ui/field/Field';
import { CrewField, crewOf } from '../alarms/DispatchDialog';
import { CrewChoices, useCrewRanking } from './CrewChoices';
import { checkInFrom, toLocalInput, type WorkOrderAction } from './model';
import { useRecordDialog } from './useRecordDialog';

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
  const fleetClock = useFleetTime();
  const deskClock = useDeskClock();
  const [checkIn, setCheckIn] = useState(() => toLocalInput(deskClock.now(), fleetClock.timeZone));
  const { common, noteField, optionalNote, reasonStep } = useRecordDialog('wo', action, subject, onClose);
  const { testId } = common;

  switch (action) {
    case 'dispatch':
      return (
        <DispatchStep
          order={order}
          client={client}
          common={common}
          note={noteField(t('wo.field.noteOptional'))}
          optionalNote={optionalNote}
          onDone={onDone}
        />
      );
    case 'arrive': {
      return (
        <ActionDialog
          {...common}
          reason={null}
          check={() =>
            checkInFrom(checkIn, order.dispatchedAt, deskClock.now(), fleetClock.timeZone) === null
              ? t('wo.checkIn.bad', {
                  dispatched:
                    order.dispatchedAt === null ? '—' : fleetClock.when(order.dispatchedAt, deskClock.now()),
                })
              : null
          }
          onSubmit={async () => {
            const checkInAt =
              checkInFrom(checkIn, order.dispatchedAt, deskClock.now(), fleetClock.timeZone) ??
              deskClock.now();
            await client.request('workorder.arrive', { id: order.id, checkInAt, ...optionalNote() });
            onDone(t('wo.done.arrive', { id: order.id, time: fleetClock.when(checkInAt, deskClock.now()) }));
          }}
        >
          <p>{t('wo.checkIn.crew', { crew: order.crew.join(t('list.separator')) || '—' })}</p>
          <TextField
            label={t('wo.field.checkIn')}
            data-testid={`${testId}-time`}
            type="datetime-local"
            value={checkIn}
            onValue={setCheckIn}
          />
          {noteField(t('wo.field.noteOptional'))}
        </ActionDialog>
      );
    }
    case 'report':
      return (
        <ChoiceDialog
          {...common}
          reason={{ label: t('wo.field.reportNote'), placeholder: t('wo.field.reportPlaceholder') }}
          choice={{
            options: REPORTS,
            initial: 'progress-reported',
            legend: t('wo.field.report'),
            label: (r) => t(`wo.report.${r}`),
            testId: 'wo-report-choice',
          }}
          onSubmit={async (report, text) => {
            await client.request('workorder.report', { id: order.id, report, note: text });
            onDone(t('wo.done.report', { id: order.id, report: t(`wo.report.${report}`) }));
          }}
        />
      );
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
            <Fact term={t('wo.detail.work')}>{order.work ?? '—'}</Fact>
            <Fact term={t('wo.detail.crew')}>{order.crew.join(t('list.separator')) || '—'}</Fact>
          </dl>
          <p className="hint">{t('wo.accept.hint')}</p>
          {noteField(t('wo.field.acceptNote'))}
        </ActionDialog>
      );
    case 'reopen':
    case 'cancel':
      return reasonStep(
        order.id,
        (reason) => client.request(`workorder.${action}`, { id: order.id, reason }),
        onDone,
      );
  }
}

/**
 * D on a work order: the crews the desk ranks for its alarms, picked by
 * number, or names by hand; a crew on an emergency asks for a reason.
 */
function DispatchStep({
  order,
  client,
  common,
  note,
  optionalNote,
  onDone,
}: {
  order: WorkOrderView;
  client: DeskClient;
  common: { testId: string; subject: string; title: string; confirmLabel: string; onClose(): void };
  note: ReactNode;
  optionalNote(): { note?: string };
  onDone(message: string): void;
}) {
  const { t } = useI18n();
  const rank = useCrewRanking(client, order.alarmIds, order.crew.join(', '));
  const crew = crewOf(rank.crewText);
  const { chosen } = rank;
  return (
    <ActionDialog
      {...common}
      reason={chosen && !chosen.offered ? rank.overrideReason(`${common.testId}-override`) : null}
      check={() => (crew.length < 2 ? t('alarms.dispatch.crewTooFew') : null)}
      onSubmit={async (reason) => {
        const choice = rank.choice(reason);
        await client.request('workorder.dispatch', {
          id: order.id,
          crew,
          ...optionalNote(),
          ...(choice ? { choice } : {}),
        });
        onDone(t('wo.done.dispatch', { id: order.id, crew: crew.join(t('list.separator')) }));
      }}
    >
      <CrewChoices rank={rank} />
      <CrewField
        label={t('wo.field.crew')}
        value={rank.crewText}
        testId={`${common.testId}-crew`}
        onValue={rank.setCrewText}
      />
      {note}
    </ActionDialog>
  );
}
