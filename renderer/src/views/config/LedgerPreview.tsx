import type { LedgerIssue, LedgerListDiff, LedgerPreview } from '../../../../shared/api/ledger';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import { Button } from '../../ui/button/Button';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { Dialog, DialogFoot } from '../../ui/dialog/Dialog';

/** How many problems and list entries a dialog shows; the rest are counted ("and N more"). */
const SHOWN = 50;

const KINDS = ['stations', 'devices'] as const;
const COUNTS = ['added', 'changed', 'removed', 'unchanged', 'kept'] as const;

/** "sheet 设备, row 17, column port": where the user finds the problem in the spreadsheet. */
export function whereOf(issue: LedgerIssue, t: Translate): string {
  const parts = [t('ledger.where.sheet', { sheet: issue.sheet })];
  if (issue.row !== null) parts.push(t('ledger.where.row', { row: issue.row }));
  if (issue.column !== null) parts.push(t('ledger.where.column', { column: issue.column }));
  return parts.join(t('ledger.where.sep'));
}

function More({ count }: { count: number }) {
  const { t } = useI18n();
  return count > 0 ? <li className="ledger__more">{t('ledger.listMore', { count })}</li> : null;
}

/** The ledger's problems, every one named by sheet, row and column; nothing was applied. */
export function LedgerProblems({ preview, onClose }: { preview: LedgerPreview; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog
      testId="ledger-problems"
      titleId="ledger-problems-title"
      title={t('ledger.problems.title', { count: preview.issueCount })}
      subject={t('ledger.problems.subject')}
      busy={false}
      focus="none"
      className="ledger"
      onClose={onClose}
    >
      <div className="dialog__body">
        <ProblemList preview={preview} />
      </div>
      <DialogFoot>
        <Button primary testId="ledger-problems-close" onClick={onClose}>
          {t('ledger.close')}
        </Button>
      </DialogFoot>
    </Dialog>
  );
}

/** The first problems of a ledger, each where the user finds it, and how many more there are. */
function ProblemList({ preview }: { preview: LedgerPreview }) {
  const { t } = useI18n();
  const shown = preview.issues.slice(0, SHOWN);
  const hidden = preview.issueCount - shown.length;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long list scrolls by keyboard too. */}
      <ol className="ledger__list ledger__problems" tabIndex={0} data-testid="ledger-problem-list">
        {shown.map((issue, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their place in the list.
          <li key={i}>
            <strong>{whereOf(issue, t)}</strong>: {issue.message}
          </li>
        ))}
      </ol>
      {hidden > 0 && (
        <p className="hint" data-testid="ledger-problems-more">
          {t('ledger.more', { count: hidden })}
        </p>
      )}
    </>
  );
}

type ApplyProps = {
  /** Its diff is null when ticking or unticking removal made the ledger invalid (a station its devices need). */
  preview: LedgerPreview;
  files: string;
  removeMissing: boolean;
  busy: boolean;
  onRemoveMissing(remove: boolean): void;
  onApply(reason: string): Promise<void>;
  onClose(): void;
};

/** What applying the ledger will do, counted and then listed field by field, confirmed with a reason. */
export function LedgerApply({
  preview,
  files,
  removeMissing,
  busy,
  onRemoveMissing,
  onApply,
  onClose,
}: ApplyProps) {
  const { t } = useI18n();
  const diff = preview.diff;
  const nothing =
    diff !== null &&
    KINDS.every((k) => !diff[k].counts.added && !diff[k].counts.changed && !diff[k].counts.removed);
  return (
    <ActionDialog
      testId="ledger-apply"
      className="ledger"
      title={t('ledger.preview.title')}
      subject={`${files} · ${preview.format.toUpperCase()}`}
      reason={{ label: t('ledger.reason'), placeholder: t('ledger.reasonPlaceholder') }}
      confirmLabel={t('ledger.apply')}
      busyText={t('ledger.applying')}
      refusal={(message) => t('ledger.refused', { message })}
      check={() => {
        if (!diff) return t('ledger.problems.title', { count: preview.issueCount });
        return nothing ? t('ledger.nothing') : null;
      }}
      onSubmit={onApply}
      onClose={onClose}
    >
      {diff ? (
        <table className="ledger__counts" data-testid="ledger-counts" aria-busy={busy}>
          <thead>
            <tr>
              <th />
              {COUNTS.map((c) => (
                <th key={c} scope="col">
                  {t(`ledger.count.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {KINDS.map((kind) => (
              <tr key={kind} data-kind={kind}>
                <th scope="row">{t(`ledger.kind.${kind}`)}</th>
                {COUNTS.map((c) => (
                  <td key={c} data-count={c} data-nonzero={countOf(diff[kind], c) > 0 ? 'true' : undefined}>
                    {countOf(diff[kind], c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <ProblemList preview={preview} />
      )}
      <label className="ledger__check">
        <input
          type="checkbox"
          data-testid="ledger-remove-missing"
          checked={removeMissing}
          // Not `disabled`: that would drop the keyboard focus while the engine compares again.
          aria-disabled={busy}
          onChange={(event) => {
            if (!busy) onRemoveMissing(event.target.checked);
          }}
        />
        <span>
          {t('ledger.removeMissing')}
          <small className="hint">{t('ledger.removeMissingHint')}</small>
        </span>
      </label>
      {preview.sheets
        .filter((s) => s.ignoredColumns.length > 0)
        .map((s) => (
          <p key={s.name} className="hint">
            {t('ledger.ignoredColumns', { sheet: s.name, columns: s.ignoredColumns.join(', ') })}
          </p>
        ))}
      {preview.ignoredSheets.length > 0 && (
        <p className="hint">{t('ledger.ignoredSheets', { sheets: preview.ignoredSheets.join(', ') })}</p>
      )}
      {diff && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a long list scrolls by keyboard too.
        <div className="ledger__details" tabIndex={0} data-testid="ledger-details">
          {KINDS.map((kind) => (
            <Changes key={kind} kind={kind} diff={diff[kind]} />
          ))}
        </div>
      )}
    </ActionDialog>
  );
}

function countOf(diff: LedgerListDiff, count: (typeof COUNTS)[number]): number {
  return count === 'unchanged' || count === 'kept' ? diff[count] : diff.counts[count];
}

function Changes({ kind, diff }: { kind: (typeof KINDS)[number]; diff: LedgerListDiff }) {
  const { t } = useI18n();
  const value = (v: string | number | boolean | null) =>
    v === null || v === '' ? t('ledger.empty') : String(v);
  const heading = (count: 'added' | 'changed' | 'removed') =>
    `${t(`ledger.kind.${kind}`)} · ${t(`ledger.count.${count}`)}`;
  return (
    <>
      {diff.changed.length > 0 && (
        <section data-testid={`ledger-changed-${kind}`}>
          <h3>{heading('changed')}</h3>
          <ul className="ledger__list">
            {diff.changed.slice(0, SHOWN).map((item) => (
              <li key={item.id}>
                <code className="code">{item.id}</code> {item.name}
                <ul>
                  {item.changes.map((c) => (
                    <li key={c.field}>
                      {c.field}: <del>{value(c.before)}</del> → <ins>{value(c.after)}</ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            <More count={diff.counts.changed - Math.min(SHOWN, diff.changed.length)} />
          </ul>
        </section>
      )}
      {(['added', 'removed'] as const).map((count) =>
        diff[count].length > 0 ? (
          <section key={count} data-testid={`ledger-${count}-${kind}`}>
            <h3>{heading(count)}</h3>
            <ul className="ledger__list ledger__list--flow">
              {diff[count].slice(0, SHOWN).map((item) => (
                <li key={item.id} data-tone={count}>
                  <code className="code">{item.id}</code> {item.name}
                </li>
              ))}
              <More count={diff.counts[count] - Math.min(SHOWN, diff[count].length)} />
            </ul>
          </section>
        ) : null,
      )}
    </>
  );
}
