import { catalogueWords, type Lang } from './catalogue';

/**
 * Which desk a record was printed on, when it is not the plant's own: the
 * demo desk's generated week, or a drill on a training desk. Every file it
 * writes says so in its first line and, printed, across every page.
 */
export type RecordMark = { kind: 'demo' } | { kind: 'drill'; title: Readonly<Record<Lang, string>> };

/** The band's words in `lang`; null for the plant's own records. */
export function markBand(mark: RecordMark | null | undefined, lang: Lang): string | null {
  if (!mark) return null;
  const t = catalogueWords(lang);
  return mark.kind === 'demo' ? t('demo.band') : t('drill.print.band', { title: mark.title[lang] });
}
