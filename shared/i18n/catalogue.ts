import { alarmWordsEn, alarmWordsZh } from './messages/alarm-words';
import { demoWordsEn, demoWordsZh } from './messages/demo-words';
import { drillWordsEn, drillWordsZh } from './messages/drill-words';
import { fleetWordsEn, fleetWordsZh } from './messages/fleet-words';
import { handoverEn, handoverZh } from './messages/handover';
import { handoverPrintEn, handoverPrintZh } from './messages/handover-print';
import { journalWordsEn, journalWordsZh } from './messages/journal-words';
import { reportFilesEn, reportFilesZh } from './messages/report-files';
import { reportSourcesEn, reportSourcesZh } from './messages/report-sources';
import { reportsEn, reportsZh } from './messages/reports';
import { warningWordsEn, warningWordsZh } from './messages/warning-words';
import { workWordsEn, workWordsZh } from './messages/work-words';

/**
 * The messages the screen and the records share: every word a handover
 * print, a report file or the screen puts on an alarm, a clock, a work
 * order, a report figure or a journal event. The renderer's dictionaries
 * extend these; the engine writes its records with them, so a zh-CN record
 * says what the zh-CN screen says. zh-CN is the reference; `en` must have
 * exactly its keys.
 */
export const catalogueZh = {
  ...alarmWordsZh,
  ...fleetWordsZh,
  ...workWordsZh,
  ...journalWordsZh,
  ...handoverZh,
  ...handoverPrintZh,
  ...reportsZh,
  ...reportFilesZh,
  ...reportSourcesZh,
  ...demoWordsZh,
  ...drillWordsZh,
  ...warningWordsZh,
} as const;

export type CatalogueKey = keyof typeof catalogueZh;

export const catalogueEn: Record<CatalogueKey, string> = {
  ...alarmWordsEn,
  ...fleetWordsEn,
  ...workWordsEn,
  ...journalWordsEn,
  ...handoverEn,
  ...handoverPrintEn,
  ...reportsEn,
  ...reportFilesEn,
  ...reportSourcesEn,
  ...demoWordsEn,
  ...drillWordsEn,
  ...warningWordsEn,
};

export type Lang = 'zh-CN' | 'en';
export type Vars = Readonly<Record<string, string | number>>;
/** A message in one language, `{name}` placeholders filled from `vars`. */
export type Words = (key: CatalogueKey, vars?: Vars) => string;

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<CatalogueKey, string>>>> = {
  'zh-CN': catalogueZh,
  en: catalogueEn,
};

/** `{name}` placeholders replaced by their values; a placeholder without a value stays as written. */
export function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function catalogueWords(lang: Lang): Words {
  const messages = CATALOGUES[lang];
  return (key, vars) => fill(messages[key], vars);
}

export function isCatalogueKey(key: string): key is CatalogueKey {
  return Object.hasOwn(catalogueZh, key);
}
