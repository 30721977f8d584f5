import { createElement, type FunctionComponent, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect } from 'vitest';
import { I18nProvider } from '../../renderer/src/i18n/context';
import type { Lang } from '../../renderer/src/i18n/lang';
import { Store } from '../../renderer/src/state/store';

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

/** The static markup of a part of the desk as it shows in `lang`. */
export function inLanguage(lang: Lang, node: ReactNode): string {
  return renderToStaticMarkup(el(I18nProvider, { store: new Store<Lang>(lang) }, node));
}
