import { createContext, type HTMLAttributes, useContext } from 'react';
import { ListOption } from './List';
import type { KeyboardList } from './useKeyboardList';

/** What a ListPage tells the rows inside it: their list, and the class and test id every row of the page wears. */
export type PageRows = {
  list: Pick<KeyboardList, 'keys' | 'rowId' | 'selectedIndex' | 'pick'>;
  rowClass: string;
  rowTestId?: string;
};

export const PageRowsContext = createContext<PageRows | null>(null);

type Props = Omit<HTMLAttributes<HTMLDivElement>, 'role' | 'onClick' | 'aria-selected' | 'id'> & {
  /** The row's place in the page's list. */
  index: number;
};

/**
 * One row of a ListPage, by its index in the page's list: its DOM id, whether
 * it is selected and its click come from the list, its class and test id from
 * the page, so a view gives only what is its own (data-* attributes, cells, a
 * modifier class, another test id).
 */
export function ListRow({ index, className, ...rest }: Props) {
  const page = useContext(PageRowsContext);
  if (!page) throw new Error('ListRow outside a ListPage');
  const { list, rowClass, rowTestId } = page;
  return (
    <ListOption
      id={list.rowId(index, list.keys[index] ?? '')}
      selected={index === list.selectedIndex}
      className={className ? `listrow ${rowClass} ${className}` : `listrow ${rowClass}`}
      data-testid={rowTestId}
      onPick={() => list.pick(index)}
      {...rest}
    />
  );
}
