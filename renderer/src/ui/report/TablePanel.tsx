import { DataTable, type DataTableProps } from './DataTable';
import { Panel } from './KpiCell';

/** A titled part of a report that is one table, the most common part. */
export function TablePanel<T>({ title, ...table }: DataTableProps<T> & { title: string }) {
  return (
    <Panel title={title}>
      <DataTable<T> {...table} />
    </Panel>
  );
}
