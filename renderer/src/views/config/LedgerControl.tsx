import { useRef, useState } from 'react';
import { type LedgerFile, type LedgerPreview, MAX_LEDGER_BYTES } from '../../../../shared/api/ledger';
import { useI18n } from '../../i18n/context';
import { type DeskClient, DeskRequestError } from '../../transport';
import { ExportButtons } from '../../ui/button/ExportButtons';
import { downloadBase64 } from '../handover/download';
import { LedgerApply, LedgerProblems } from './LedgerPreview';
import './ledger.css';
import { Button } from '../../ui/button/Button';

/** Reading, comparing and applying a thousand devices restarts polling; give the engine time. */
const TIMEOUT_MS = 60_000;

type Props = {
  client: DeskClient;
  /** May configure the fleet (an admin on an editable config). */
  editable: boolean;
  /** The editor holds unsaved edits, which an import would silently overwrite. */
  dirty: boolean;
  /** The ledger was applied: the editor loads the configuration afresh. */
  onApplied(): void;
};

const FORMATS = ['xlsx', 'csv'] as const;

type Status = { tone: 'ok' | 'bad' | 'busy'; text: string } | null;

/** The engine's own words, without the method and code a request error is prefixed with. */
function explain(error: unknown): string {
  if (error instanceof DeskRequestError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Import and export of the asset ledger (台账) in Stations & devices: the
 * engine reads the file and says what would change; an admin applies it
 * with a reason, through the same save as the editor.
 */
export function LedgerControl({ client, editable, dirty, onApplied }: Props) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<Status>(null);
  const [files, setFiles] = useState<LedgerFile[]>([]);
  const [removeMissing, setRemoveMissing] = useState(false);
  const [preview, setPreview] = useState<LedgerPreview | null>(null);
  /** A ledger with problems as first read is only listed; one that was clean stays in the apply dialog. */
  const [applying, setApplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const asks = useRef(0);

  const compare = async (chosen: LedgerFile[], remove: boolean) => {
    const asked = ++asks.current;
    setBusy(true);
    try {
      const next = await client.request(
        'ledger.preview',
        { files: chosen, removeMissing: remove },
        { timeoutMs: TIMEOUT_MS },
      );
      // A later question (another file, the box ticked again) has the say.
      if (asked !== asks.current) return;
      setPreview(next);
      setApplying((was) => was || next.diff !== null);
      setStatus(null);
    } catch (error) {
      if (asked !== asks.current) return;
      setPreview(null);
      setApplying(false);
      setStatus({ tone: 'bad', text: t('ledger.failed', { message: explain(error) }) });
    } finally {
      if (asked === asks.current) setBusy(false);
    }
  };

  const choose = async (list: FileList | null) => {
    const chosen = [...(list ?? [])];
    if (input.current) input.current.value = '';
    if (chosen.length === 0) return;
    const total = chosen.reduce((sum, f) => sum + f.size, 0);
    const names = chosen.map((f) => f.name).join(', ');
    if (total > MAX_LEDGER_BYTES) {
      setStatus({ tone: 'bad', text: t('ledger.tooBig', { name: names, kb: MAX_LEDGER_BYTES / 1024 }) });
      return;
    }
    setStatus({ tone: 'busy', text: t('ledger.reading', { name: names }) });
    const read = await Promise.all(
      chosen.map(async (f) => ({ name: f.name, base64: base64Of(new Uint8Array(await f.arrayBuffer())) })),
    );
    setFiles(read);
    setRemoveMissing(false);
    await compare(read, false);
  };

  const apply = async (reason: string) => {
    if (!preview) return;
    try {
      const done = await client.request(
        'ledger.apply',
        { files, removeMissing, basis: preview.basis, reason },
        { timeoutMs: TIMEOUT_MS },
      );
      setStatus({ tone: 'ok', text: t('ledger.applied', done) });
      onApplied();
    } catch (error) {
      throw new Error(explain(error));
    }
  };

  const exportAs = async (format: (typeof FORMATS)[number]) => {
    try {
      const { files: out } = await client.request('ledger.export', { format }, { timeoutMs: TIMEOUT_MS });
      for (const file of out) downloadBase64(file.base64, file.name, file.mime);
      setStatus({ tone: 'ok', text: t('ledger.exported', { files: out.map((f) => f.name).join(', ') }) });
    } catch (error) {
      setStatus({ tone: 'bad', text: t('ledger.exportFailed', { message: explain(error) }) });
    }
  };

  const close = () => {
    setPreview(null);
    setApplying(false);
    setFiles([]);
  };

  if (!editable) return null;
  return (
    <section className="ledger-bar" aria-labelledby="ledger-bar-title" data-testid="ledger-bar">
      <h3 id="ledger-bar-title">{t('ledger.title')}</h3>
      <Button
        testId="ledger-import"
        disabled={dirty || busy}
        title={dirty ? t('ledger.dirtyFirst') : undefined}
        onClick={() => input.current?.click()}
      >
        {t('ledger.import')}
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        data-testid="ledger-file"
        onChange={(event) => void choose(event.target.files)}
      />
      <ExportButtons
        formats={FORMATS}
        testId="ledger-export"
        label={(format) => t(format === 'xlsx' ? 'ledger.exportXlsx' : 'ledger.exportCsv')}
        onExport={(format) => void exportAs(format)}
      />
      <p className="hint ledger-bar__hint">{dirty ? t('ledger.dirtyFirst') : t('ledger.hint')}</p>
      {status && (
        <p className="ledger-bar__status" data-tone={status.tone} role="status" data-testid="ledger-status">
          {status.text}
        </p>
      )}
      {preview && !applying && <LedgerProblems preview={preview} onClose={close} />}
      {preview && applying && (
        <LedgerApply
          preview={preview}
          files={files.map((f) => f.name).join(', ')}
          removeMissing={removeMissing}
          busy={busy}
          onRemoveMissing={(remove) => {
            setRemoveMissing(remove);
            void compare(files, remove);
          }}
          onApply={apply}
          onClose={close}
        />
      )}
    </section>
  );
}
