import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type Store, useStore } from '../state/store';
import { LANG_STORAGE_KEY, type Lang, otherLang, type Translate, translator } from './lang';

type I18n = { lang: Lang; t: Translate; toggle(): void };

const I18nContext = createContext<Store<Lang> | null>(null);

export function I18nProvider({ store, children }: { store: Store<Lang>; children: ReactNode }) {
  return <I18nContext.Provider value={store}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const store = useContext(I18nContext);
  if (!store) throw new Error('useI18n outside I18nProvider');
  const lang = useStore(store);
  return useMemo(() => ({ lang, t: translator(lang), toggle: () => toggleLang(store) }), [lang, store]);
}

export function toggleLang(store: Store<Lang>): void {
  const next = otherLang(store.get());
  store.set(next);
  try {
    localStorage.setItem(LANG_STORAGE_KEY, next);
  } catch {
    // A browser that refuses storage still switches; the choice just is not remembered.
  }
}
