import type { OutboxStatus } from '../../../../shared/api/outbox';
import type { IndicatorTone } from '../../ui/indicator/Indicator';

/**
 * Grey while messages go out, even with a few waiting their turn (a robot
 * takes 20 a minute); amber while a provider or the network refuses and
 * messages wait for their retry; red when a provider refused one for good
 * in the last hour or a channel cannot send at all — someone must act.
 */
export function outboxTone(status: OutboxStatus): IndicatorTone {
  if (status.refused > 0 || status.channels.some((c) => c.state === 'misconfigured')) return 'fault';
  return status.retrying > 0 ? 'warn' : 'normal';
}
