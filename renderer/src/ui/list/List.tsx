import type { ComponentType, CSSProperties, HTMLAttributes, ReactNode } from 'react';
import type { KeyboardList } from './useKeyboardList';
import '../kit.css';

type ListProps = {
  list: KeyboardList;
  label: string;
  testId: string;
  /** Loading or empty words, above the rows. */
  status?: ReactNode;
  /** A virtual list's row at an index, placed with the style given; only the rows in sight are asked for. */
  renderRow?(index: number, style: CSSProperties): ReactNode;
  /** A list rendered whole (e.g. options in groups) gives its rows as children instead. */
  children?: ReactNode;
};

/** A listbox that keeps the focus and points at its selected option; the keys come from useKeyboardList. */
export function List({ list, label, testId, status, renderRow, children }: ListProps) {
  const { selectedIndex, selectedKey } = list;
  return (
    <div
      ref={list.listRef}
      className="listbox"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={selectedKey === null ? undefined : list.rowId(selectedIndex, selectedKey)}
      data-testid={testId}
    >
      {status}
      {renderRow ? <VirtualRows list={list} renderRow={renderRow} /> : children}
    </div>
  );
}

function VirtualRows({ list, renderRow }: Required<Pick<ListProps, 'list' | 'renderRow'>>) {
  const { virtualizer, rowHeight } = list;
  return (
    <div className="listbox__spacer" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer
        .getVirtualItems()
        .map((item) =>
          renderRow(item.index, { transform: `translateY(${item.start}px)`, height: rowHeight }),
        )}
    </div>
  );
}

/** What a virtual list gives each row it asks for. */
export type RowSlot = {
  index: number;
  selected: boolean;
  /** Places the row in the virtual list. */
  style: CSSProperties;
  /** A click on the row selects it. */
  onPick(index: number): void;
};

/** What a virtual list's row component is given: its row and its slot, with what the view gives every row. */
export type RowProps<T> = RowSlot & { row: T };

/**
 * A virtual list's renderRow for rows held in an array: each row drawn by
 * the view's row component with its slot (index, whether selected, its
 * place, a click to pick it), keyed by the list's key of that row, and with
 * the props every row shares (the clock, the fleet's names), so a view says
 * only which component draws a row.
 */
export function rowRenderer<T, P extends object>(
  list: Pick<KeyboardList, 'selectedIndex' | 'pick' | 'keys'>,
  rows: readonly T[],
  Row: ComponentType<RowProps<T> & P>,
  shared: P,
): (index: number, style: CSSProperties) => ReactNode {
  return (index, style) => {
    const row = rows[index];
    if (row === undefined) return null;
    const props = { row, index, selected: index === list.selectedIndex, style, onPick: list.pick, ...shared };
    return <Row key={list.keys[index] ?? index} {...(props as RowProps<T> & P)} />;
  };
}

type OptionProps = Omit<HTMLAttributes<HTMLDivElement>, 'role' | 'onClick' | 'aria-selected'> & {
  id: string;
  selected: boolean;
  onPick(): void;
};

/** One row of a List; data-* attributes pass through to it. */
export function ListOption({ selected, onPick, className, children, ...rest }: OptionProps) {
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the listbox holds focus and points at the row with aria-activedescendant.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for every row.
    <div
      role="option"
      aria-selected={selected}
      className={className ? `listbox__option ${className}` : 'listbox__option'}
      onClick={onPick}
      {...rest}
    >
      {children}
    </div>
  );
}
