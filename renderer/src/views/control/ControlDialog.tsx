import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Device, ProfileInfo, SessionInfo, Station, WriteOutcome } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { formatQuantity } from '../../i18n/format';
import { dynamicKey } from '../../i18n/lang';
import type { DeviceLive } from '../../state/fleet';
import type { DeskClient } from '../../transport';
import { Button } from '../../ui/button/Button';
import { Choices, choiceKeys } from '../../ui/dialog/Choices';
import { Dialog, DialogFoot } from '../../ui/dialog/Dialog';
import { Fact } from '../../ui/facts/Fact';
import { ReasonField } from '../../ui/field/FreeText';
import { ControlOutcome, failureOf, type RequestFailure, ValueFact } from './ControlOutcome';
import {
  actionLabel,
  type ControlAction,
  confirmSentence,
  controlActions,
  echoOf,
  optionName,
  outcomeTone,
  parseSetpoint,
  stationName,
  type WriteEcho,
  writeRequest,
} from './model';

/** Write, read-back and one retry inside the engine; well past its device timeout. */
const WRITE_TIMEOUT_MS = 20_000;

type Chosen = { action: ControlAction; echo: WriteEcho; reason: string };

/**
 * choose → confirm → busy → done | failed. Going back from confirm or
 * trying again after a failure returns to choose: every write needs its
 * own confirmation.
 */
type Phase =
  | { step: 'choose' }
  | ({ step: 'confirm' } & Chosen)
  | ({ step: 'busy' } & Chosen)
  | ({ step: 'done'; result: WriteOutcome } & Chosen)
  | ({ step: 'failed'; failure: RequestFailure } & Chosen);

type Props = {
  device: Device;
  station: Station | undefined;
  profile: ProfileInfo | undefined;
  live: DeviceLive;
  session: SessionInfo | null;
  client: DeskClient;
  onClose(): void;
};

export function ControlDialog({ device, station, profile, live, session, client, onClose }: Props) {
  const { lang, t } = useI18n();
  const actions = useMemo(() => controlActions(device, profile), [device, profile]);
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [selected, setSelected] = useState(actions[0]?.id ?? '');
  const [valueInput, setValueInput] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const sending = useRef(false);
  const focusTarget = useRef<HTMLElement | null>(null);
  const focus = useCallback((element: HTMLElement | null) => {
    focusTarget.current = element;
  }, []);
  // After the dialog is up (the kit's Dialog shows it in a layout effect): each step focuses its safe choice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new step, whose element the ref then holds.
  useEffect(() => {
    focusTarget.current?.focus();
  }, [phase.step]);

  const action = actions.find((a) => a.id === selected) ?? actions[0];
  const setpoint = action?.kind === 'number' ? parseSetpoint(valueInput, action.bounds) : null;
  const reasonMissing = reason.trim() === '';
  const busy = phase.step === 'busy';
  const commLost = live.status?.state === 'comm-lost';
  const label = (a: ControlAction) => actionLabel(a, device.kind, lang, t);
  const byId = new Map(actions.map((a) => [a.id, a]));
  const where = stationName(station, lang);

  /** What the action would change, as it is now: the gun's state, the setting's value, or the device's state. */
  const nowText = (a: ControlAction): string | null => {
    if (a.gun !== null) {
      const sample = live.points[`gun${a.gun}.state`];
      return sample ? t(dynamicKey('gun', sample.value, 'gun.unknown')) : null;
    }
    if (a.point.command) return t(dynamicKey('state', live.status?.state, 'state.unknown'));
    const value = live.points[a.point.key]?.value;
    if (typeof value === 'string') return optionName(value, t);
    if (typeof value !== 'number') return null;
    const q = formatQuantity(value, a.point.unit);
    return `${q.text} ${q.unit}`;
  };

  const next = (event?: FormEvent) => {
    event?.preventDefault();
    setTried(true);
    if (!action || reasonMissing) return;
    if (action.kind === 'number') {
      if (!setpoint?.ok) return;
      setPhase({ step: 'confirm', action, reason, echo: echoOf(device, action, setpoint.value) });
    } else {
      setPhase({ step: 'confirm', action, reason, echo: echoOf(device, action, action.value) });
    }
  };

  const send = async () => {
    if (phase.step !== 'confirm' || sending.current) return;
    sending.current = true;
    const chosen: Chosen = { action: phase.action, echo: phase.echo, reason: phase.reason };
    setPhase({ step: 'busy', ...chosen });
    try {
      const result = await client.request('device.write', writeRequest(chosen.echo, chosen.reason), {
        timeoutMs: WRITE_TIMEOUT_MS,
      });
      setPhase({ step: 'done', result, ...chosen });
    } catch (error) {
      setPhase({ step: 'failed', failure: failureOf(error), ...chosen });
    } finally {
      sending.current = false;
    }
  };

  const restart = () => {
    setTried(false);
    setPhase({ step: 'choose' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (phase.step === 'confirm' && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if (phase.step === 'choose') {
      choiceKeys(event, next);
    }
  };

  const chosen = phase.step === 'choose' ? null : phase;
  const stepIndex = { choose: 0, confirm: 1, busy: 1, done: 2, failed: 2 }[phase.step];
  const tone =
    phase.step === 'done' ? outcomeTone(phase.result.outcome) : phase.step === 'failed' ? 'bad' : null;

  return (
    <Dialog
      testId="control-dialog"
      titleId="control-title"
      title={`${t('control.title')} · ${device.name}`}
      subject={`${where} · ${t(dynamicKey('kind', device.kind, 'kind.meter'))} · ${device.endpoint} #${device.unitId}`}
      head={
        <ol className="control__steps">
          {(['control.step.choose', 'control.step.confirm', 'control.step.result'] as const).map((key, i) => (
            <li key={key} aria-current={i === stepIndex ? 'step' : undefined}>
              <span className="control__stepnum">{i + 1}</span> {t(key)}
            </li>
          ))}
        </ol>
      }
      busy={busy}
      focus="none"
      step={phase.step}
      onKeyDown={onKeyDown}
      onClose={onClose}
    >
      {commLost && phase.step !== 'done' && (
        <p className="control__warn" role="alert">
          <span aria-hidden="true">⊘ </span>
          {t('control.commLost')}
        </p>
      )}

      {phase.step === 'choose' && (
        <form onSubmit={next} noValidate>
          <div className="dialog__body">
            {actions.length === 0 ? (
              <p>{t('control.none')}</p>
            ) : (
              <Choices
                name="control-action"
                legend={
                  <>
                    {t('control.actions')} <span className="hint">{t('control.actionsHint')}</span>
                  </>
                }
                options={actions.map((a) => a.id)}
                value={action?.id}
                onChange={setSelected}
                label={(id) => {
                  const a = byId.get(id);
                  return a && label(a);
                }}
                note={(id) => {
                  const a = byId.get(id);
                  const now = a ? nowText(a) : null;
                  return now && t('control.now', { value: now });
                }}
                testId="control-action"
                valueAttr="action"
                checkedRef={focus}
              />
            )}

            {action?.kind === 'number' && (
              <div className="field">
                <label htmlFor="control-value">{t('control.value')}</label>
                <div className="field__row">
                  <input
                    id="control-value"
                    className="input"
                    data-testid="control-value"
                    inputMode="decimal"
                    autoComplete="off"
                    value={valueInput}
                    aria-invalid={tried && !setpoint?.ok}
                    aria-describedby="control-value-help"
                    onChange={(e) => setValueInput(e.target.value)}
                  />
                  <span className="field__unit">{action.point.unit}</span>
                </div>
                <p id="control-value-help" className="field__help">
                  {action.bounds.min !== null &&
                    action.bounds.max !== null &&
                    t('control.range', {
                      min: action.bounds.min,
                      max: action.bounds.max,
                      unit: action.point.unit ?? '',
                    })}
                  {tried && setpoint && !setpoint.ok && (
                    <strong className="field__error" data-testid="control-value-error">
                      {' '}
                      {t(`control.err.${setpoint.error}`, {
                        min: action.bounds.min ?? '',
                        max: action.bounds.max ?? '',
                        decimals: action.bounds.decimals ?? '',
                      })}
                    </strong>
                  )}
                </p>
              </div>
            )}

            <ReasonField
              label={t('control.reason')}
              data-testid="control-reason"
              value={reason}
              placeholder={t('control.reasonPlaceholder')}
              error={
                tried && reasonMissing
                  ? { text: t('control.err.reason'), testId: 'control-reason-error' }
                  : null
              }
              onValue={setReason}
            />
          </div>
          <DialogFoot keys={t('control.keysChoose')}>
            <Button testId="control-cancel" onClick={onClose}>
              {t('control.cancel')}
            </Button>
            <Button primary submit testId="control-next" disabled={actions.length === 0}>
              {t('control.next')}
            </Button>
          </DialogFoot>
        </form>
      )}

      {chosen && (
        <div className="dialog__body">
          {/* A question while it can still be answered; afterwards the facts below say what was asked. */}
          {(chosen.step === 'confirm' || chosen.step === 'busy') && (
            <p className="statement" data-testid="control-statement">
              {confirmSentence(device, station, chosen.action, chosen.echo, lang, t)}
            </p>
          )}
          <dl className="facts" data-testid="control-echo">
            <Fact term={t('control.detail.device')}>
              {device.name} <code>{chosen.echo.deviceId}</code>
            </Fact>
            <Fact term={t('control.detail.station')}>{where}</Fact>
            <Fact term={t('control.detail.point')}>
              {chosen.action.point.label[lang]} <code>{chosen.echo.key}</code>
            </Fact>
            <ValueFact
              term={t('control.detail.value')}
              value={chosen.echo.value}
              action={chosen.action}
              testId="control-echo-value"
            />
            <Fact term={t('control.detail.reason')}>{chosen.reason.trim()}</Fact>
          </dl>
        </div>
      )}

      {phase.step === 'confirm' && (
        <DialogFoot keys={t('control.keysConfirm')}>
          <Button testId="control-back" onClick={restart}>
            {t('control.back')}
          </Button>
          <Button testId="control-cancel" onClick={onClose} ref={focus}>
            {t('control.cancel')}
          </Button>
          <Button primary testId="control-confirm" onClick={() => void send()}>
            {t('control.confirm')}
          </Button>
        </DialogFoot>
      )}

      {busy && (
        <p className="control__busy" data-testid="control-busy" role="status">
          {t('control.busy')}
        </p>
      )}

      {(phase.step === 'done' || phase.step === 'failed') && (
        <>
          <ControlOutcome phase={phase} tone={tone} session={session} liveNow={nowText(phase.action)} />
          <DialogFoot>
            {tone === 'bad' && (
              <Button testId="control-retry" onClick={restart}>
                {t('control.retry')}
              </Button>
            )}
            <Button primary testId="control-close" onClick={onClose} ref={focus}>
              {t('control.close')}
            </Button>
          </DialogFoot>
        </>
      )}
    </Dialog>
  );
}
