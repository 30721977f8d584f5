import type { PointValue, SessionInfo, WriteOutcome } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { DeskRequestError } from '../../transport';
import { Fact } from '../../ui/facts/Fact';
import { type ControlAction, valueText } from './model';

export type RequestFailure = { kind: 'forbidden' | 'timeout' | 'other'; message: string };

type Props = {
  /** The write's end: the engine's outcome, or the request's failure. */
  phase:
    | { step: 'done'; result: WriteOutcome; action: ControlAction }
    | { step: 'failed'; failure: RequestFailure; action: ControlAction };
  tone: 'ok' | 'bad' | null;
  session: SessionInfo | null;
  /** The point's value now, as the wall shows it. */
  liveNow: string | null;
};

/** What the write did: requested against read back, its audit record, or why it was not done. */
export function ControlOutcome({ phase, tone, session, liveNow }: Props) {
  const { t } = useI18n();
  return (
    <section
      className={`outcome outcome--${tone}`}
      data-testid="control-outcome"
      data-outcome={phase.step === 'done' ? phase.result.outcome : 'error'}
      role="status"
    >
      {phase.step === 'done' ? (
        <>
          <p className="outcome__head">
            <span aria-hidden="true">{tone === 'ok' ? '✓ ' : '▲ '}</span>
            {t(`control.outcome.${phase.result.outcome}`)}
          </p>
          <dl className="facts">
            <ValueFact term={t('control.requested')} value={phase.result.requested} action={phase.action} />
            <ValueFact
              term={t('control.readBack')}
              value={phase.result.readBack}
              action={phase.action}
              testId="control-readback"
            />
            {phase.result.error && (
              <Fact term={t('control.errorText')}>
                <span data-testid="control-error">{phase.result.error}</span>
              </Fact>
            )}
            <Fact term={t('control.audit')}>
              <span className="audit" data-testid="control-audit">
                {phase.result.auditIds.length ? phase.result.auditIds.join(' · ') : t('control.noAudit')}
              </span>
            </Fact>
            {liveNow && <Fact term={t('control.liveNow')}>{liveNow}</Fact>}
          </dl>
        </>
      ) : (
        <p className="outcome__head" data-testid="control-error" data-code={phase.failure.kind}>
          <span aria-hidden="true">▲ </span>
          {phase.failure.kind === 'forbidden'
            ? t('control.forbidden', { role: session ? t(`role.${session.role}`) : '?' })
            : phase.failure.kind === 'timeout'
              ? t('control.timeout', { detail: phase.failure.message })
              : t('control.requestError', { message: phase.failure.message })}
          {phase.failure.kind === 'forbidden' && (
            <span className="outcome__detail">{phase.failure.message}</span>
          )}
        </p>
      )}
      {tone === 'bad' && <p className="outcome__note">{t('control.noRetry')}</p>}
    </section>
  );
}

/** A value written or read at the action's point, with its unit, as code. */
export function ValueFact({
  term,
  value,
  action,
  testId,
}: {
  term: string;
  value: PointValue;
  action: ControlAction;
  testId?: string;
}) {
  return (
    <Fact term={term}>
      <code data-testid={testId}>{valueText(value, action.point.unit)}</code>
    </Fact>
  );
}

export function failureOf(error: unknown): RequestFailure {
  if (error instanceof DeskRequestError) {
    if (error.code === 'forbidden') return { kind: 'forbidden', message: error.detail };
    if (error.code === 'timeout') return { kind: 'timeout', message: error.detail };
    return { kind: 'other', message: `${error.code}: ${error.detail}` };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
