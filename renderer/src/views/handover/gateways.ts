import type { CheckLine } from '../../../../shared/handover/record';
import type { Translate } from '../../i18n/lang';

/** The desk's own Ethernet reading in words: how many gateways answer, and which do not. */
export function gatewayWords(line: CheckLine, t: Translate): string {
  if (!line.gateways) return '';
  const { answering, total, silent } = line.gateways;
  const said = t('handover.check.gateways', { answering, total });
  return silent.length > 0 ? `${said} · ${t('handover.check.silent', { list: silent.join(', ') })}` : said;
}
