import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { dynamicKey, type Translate } from '../../i18n/lang';
import type { Focus } from './ConfigTables';
import type { ConfigDraft, FieldError } from './model';

export type Banner =
  | { kind: 'invalid' }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'forbidden' }
  | { kind: 'failed'; message: string }
  | { kind: 'saved'; at: number };

/** The outcome of the last save: saved, or what is wrong with a button for each problem that finds its field. */
export function BannerView({
  banner,
  errors,
  draft,
  role,
  onFocus,
}: {
  banner: Banner;
  errors: readonly FieldError[];
  draft: ConfigDraft;
  role: string;
  onFocus: Focus;
}) {
  const { t } = useI18n();
  const time = useFleetTime();
  if (banner.kind === 'saved') {
    return (
      <div className="banner banner--ok" role="status" data-testid="config-saved">
        ✓ {t('config.saved', { time: time.clock(banner.at) })}
      </div>
    );
  }
  const head =
    banner.kind === 'invalid'
      ? t('config.invalid', { count: errors.length })
      : banner.kind === 'rejected'
        ? t('config.rejected', { code: banner.code })
        : banner.kind === 'forbidden'
          ? t('config.forbidden', { role })
          : t('config.saveFailed', { message: banner.message });
  return (
    <div className="banner banner--error" role="alert" data-testid="config-error" data-kind={banner.kind}>
      <strong className="banner__head">▲ {head}</strong>
      {errors.length > 0 ? (
        <ul className="problems">
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`} data-testid="config-problem" data-field={e.field}>
              <button type="button" className="problems__where" onClick={() => onFocus({ field: e.field })}>
                <code className="code">{e.path}</code>
                {describeField(e.field, draft, t) && <span> · {describeField(e.field, draft, t)}</span>}
              </button>
              : {e.notANumber ? t('config.notANumber') : e.message}
            </li>
          ))}
        </ul>
      ) : (
        banner.kind === 'rejected' && <p className="problems__raw">{banner.message}</p>
      )}
    </div>
  );
}

/** "Devices 4 (sx01-ac4) · Port": where a path points, in the words of the form. */
function describeField(field: string, draft: ConfigDraft, t: Translate): string | null {
  const [table, index, column] = field.split('.');
  if ((table !== 'stations' && table !== 'devices') || index === undefined) return null;
  const row = draft[table][Number(index)];
  const where = t(table === 'stations' ? 'config.stationRow' : 'config.deviceRow', { n: Number(index) + 1 });
  const named = row?.id ? `${where} (${row.id})` : where;
  const columnKey = dynamicKey('config.col', column, 'config.title');
  return columnKey === 'config.title' ? named : `${named} · ${t(columnKey)}`;
}
