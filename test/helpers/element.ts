import { createElement, type FunctionComponent, type ReactNode } from 'react';

/** createElement with the children after the props, as JSX passes them, for components whose children are required. */
export function el<P extends { children?: ReactNode }>(
  type: FunctionComponent<P>,
  props: Omit<P, 'children'>,
  ...children: ReactNode[]
) {
  return createElement(type, props as P, ...children);
}
