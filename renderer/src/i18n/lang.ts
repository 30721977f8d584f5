import { fill, type Lang, type Vars } from '../../../shared/i18n/catalogue';
import { en, type MessageKey, type Messages, zhCN } from './messages';

export type { Lang };

export const LANG_STORAGE_KEY = 'dutydesk.lang';

const dictionaries: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

function asLang(value: string | null | undefined): Lang | null {
  if (value === 'en' || value === 'zh-CN') return value;
  if (value === 'zh') return 'zh-CN';
  return null;
}

type StorageLike = Pick<Storage, 'getItem'>;

/** `?lang=` wins (a wallboard URL pins its language), then the operator's last choice, then zh-CN. */
export function initialLang(search: string, storage: StorageLike | null): Lang {
  const fromQuery = asLang(new URLSearchParams(search).get('lang'));
  if (fromQuery) return fromQuery;
  try {
    return asLang(storage?.getItem(LANG_STORAGE_KEY)) ?? 'zh-CN';
  } catch {
    // Storage can throw when the browser blocks it; the default language is fine then.
    return 'zh-CN';
  }
}

export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translator(lang: Lang): Translate {
  const messages = dictionaries[lang];
  return (key, vars) => fill(messages[key], vars);
}

/** Keys built from data (a state name the engine sends); unknown values fall back to the given key. */
export function dynamicKey<P extends string>(prefix: P, value: unknown, fallback: MessageKey): MessageKey {
  const key = `${prefix}.${String(value)}`;
  return Object.hasOwn(zhCN, key) ? (key as MessageKey) : fallback;
}
