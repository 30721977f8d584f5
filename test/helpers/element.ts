import { createElement, type FunctionComponent, type ReactNode } from 'react';
import { expect } from 'vitest';

/** createElement with the children after the props, as JSX passes them, for components whose children are required. */
export function el<P extends { children?: ReactNode }>(
  type: FunctionComponent<P>,
  props: Omit<P, 'children'>,
  ...children: ReactNode[]
) {
  return createElement(type, props as P, ...children);
}

/** Every part stands somewhere in the markup; a missing one is named in the failure. */
export function expectParts(html: string, parts: readonly string[]): void {
  for (const part of parts) expect(html, `markup holding ${part}`).toContain(part);
}
