import { type CatalogueKey, catalogueEn, isCatalogueKey, type Words } from './catalogue';

/**
 * A value the engine sends (a state, a kind, a clock id) in words: the
 * first of `prefixes` whose `prefix.value` is in the catalogue, so a record
 * can name a thing with its own wording (a heading with its unit) and fall
 * back to the screen's; a value no catalogue knows stays as it is.
 */
export function word(t: Words, prefixes: string | readonly string[], value: string): string {
  for (const prefix of typeof prefixes === 'string' ? [prefixes] : prefixes) {
    const key = `${prefix}.${value}`;
    if (isCatalogueKey(key)) return t(key);
  }
  return value;
}

const GUN_FAULT = /^gun(\d+)\.faulted$/;

/** A device fault code (a profile's fault-word bit, a gun fault) as the wall names it. */
export function faultWords(code: string, t: Words): string {
  const gun = GUN_FAULT.exec(code);
  if (gun) return `${t('gun.name', { n: gun[1] ?? '' })} ${t('gun.faulted')}`;
  if (code === 'inverter.fault') return t('state.fault');
  if (code === 'breaker.tripped') return t('fault.breakerTrip');
  return word(t, 'fault', code);
}

/** An alarm's cause in the operator's words: comms losses by their scope, device faults as the wall names them. */
export function causeWords(cause: string, t: Words): string {
  if (!cause.startsWith('comms.')) return faultWords(cause, t);
  const key = `alarms.cause.${cause}`;
  return t(isCatalogueKey(key) ? key : 'state.comm-lost');
}

let english: Map<string, CatalogueKey> | null = null;

/**
 * A sentence the report functions wrote in English (where a figure comes
 * from, the basis of a target) in the record's language: the catalogue
 * entry whose English it is. Text the catalogue does not hold (a clock's
 * basis from the SLA settings, in the operator's own words) stays as it is.
 */
export function reportText(text: string, t: Words): string {
  english ??= new Map(
    (Object.keys(catalogueEn) as CatalogueKey[])
      .filter((key) => key.startsWith('reports.source.') || key.startsWith('reports.basis.'))
      .map((key) => [catalogueEn[key], key]),
  );
  const key = english.get(text);
  return key ? t(key) : text;
}
