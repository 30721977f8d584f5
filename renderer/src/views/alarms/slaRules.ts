import { useEffect, useState } from 'react';
import { type RuleText, ruleTextOf, type SlaRuleTexts } from '../../../../shared/triage/sla';
import type { DeskClient } from '../../transport';

/** One request per engine connection: the rule texts change only with a desk's release, not while it runs. */
const fetched = new WeakMap<DeskClient, Promise<SlaRuleTexts>>();

const NOT_YET: RuleText = () => undefined;

function rulesOf(client: DeskClient): Promise<SlaRuleTexts> {
  let rules = fetched.get(client);
  if (!rules) {
    rules = client.request('sla.rules', {});
    fetched.set(client, rules);
    // A failed fetch (link down) is asked again the next time the link is open.
    rules.catch(() => fetched.delete(client));
  }
  return rules;
}

/**
 * The basis of an SLA clock by the alarm's preset and tier and the clock's
 * id, from `sla.rules`, fetched once and kept: alarm records carry only
 * those keys. Undefined until the texts have arrived.
 */
export function useRuleText(client: DeskClient, linkOpen: boolean): RuleText {
  const [lookup, setLookup] = useState<RuleText>(() => NOT_YET);
  useEffect(() => {
    if (!linkOpen) return;
    let current = true;
    rulesOf(client).then(
      (texts) => {
        if (current) setLookup(() => ruleTextOf(texts));
      },
      // The clocks still count without their basis; the next open link asks again.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client, linkOpen]);
  return lookup;
}
