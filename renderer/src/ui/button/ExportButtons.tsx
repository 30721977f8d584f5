import type { ReactNode } from 'react';

/** A button per file format, each exporting in its format; test ids are `${testId}-${format}`. */
export function ExportButtons<F extends string>({
  formats,
  testId,
  label,
  onExport,
}: {
  formats: readonly F[];
  testId: string;
  label(format: F): ReactNode;
  onExport(format: F): void;
}) {
  return formats.map((format) => (
    <button
      key={format}
      type="button"
      className="button"
      data-testid={`${testId}-${format}`}
      onClick={() => onExport(format)}
    >
      {label(format)}
    </button>
  ));
}
