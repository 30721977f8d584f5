import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fleetTime } from '../../renderer/src/i18n/fleetTime';
import { Indicator, IndicatorDetails, whenText } from '../../renderer/src/ui/indicator/Indicator';

describe('Indicator', () => {
  it('is a button named by its test id, tone and data attributes, its shape hidden from screen readers', () => {
    const html = renderToStaticMarkup(
      h(Indicator, {
        name: 'store',
        tone: 'fault',
        'data-tone': 'fault',
        icon: '⚠',
        label: 'Record chain broken',
        hint: 'Local records',
        title: 'Local records',
        closeLabel: 'Close',
        rows: [],
      }),
    );
    expect(html).toBe(
      '<button type="button" class="indicator indicator--fault store-indicator" data-testid="store-indicator" data-tone="fault" title="Local records"><span aria-hidden="true">⚠ </span>Record chain broken</button>',
    );
  });

  it('keeps its panel out of the page until opened', () => {
    const html = renderToStaticMarkup(
      h(Indicator, {
        name: 'sync',
        tone: 'normal',
        icon: '⇅',
        label: 'Synced',
        hint: 'Open',
        title: 'Sync',
        closeLabel: 'Close',
        rows: [{ term: 'State', value: 'ok' }],
      }),
    );
    expect(html).not.toContain('<dialog');
    expect(html).not.toContain('State');
  });
});

describe('IndicatorDetails', () => {
  it('lists the lines that apply, with the tone and face of each value', () => {
    const html = renderToStaticMarkup(
      h(IndicatorDetails, {
        tone: 'warn',
        note: 'The server cannot be reached.',
        rows: [
          { term: 'Server', value: 'http://sync', code: true, className: 'sync-panel__code' },
          false,
          { term: 'Pending', value: 42, tone: 'warn' },
          { term: 'Chain', value: 'broken', tone: 'fault' },
          { term: 'Received', value: 7 },
        ],
      }),
    );
    expect(html).toBe(
      '<p class="ipanel__note ipanel__warn">The server cannot be reached.</p><dl>' +
        '<dt>Server</dt><dd class="ipanel__code sync-panel__code">http://sync</dd>' +
        '<dt>Pending</dt><dd class="ipanel__warn">42</dd>' +
        '<dt>Chain</dt><dd class="ipanel__bad">broken</dd>' +
        '<dt>Received</dt><dd>7</dd></dl>',
    );
  });

  it('says a note plainly while the tone is normal, and leaves it out when there is none', () => {
    expect(
      renderToStaticMarkup(h(IndicatorDetails, { tone: 'normal', note: 'Sync is off.', rows: [] })),
    ).toBe('<p class="ipanel__note">Sync is off.</p><dl></dl>');
    expect(renderToStaticMarkup(h(IndicatorDetails, { tone: 'normal', rows: [] }))).toBe('<dl></dl>');
  });
});

describe('whenText', () => {
  it('says never for no time at all', () => {
    expect(whenText(null, fleetTime('UTC', 'en'), 'never')).toBe('never');
  });

  it('gives a date and a clock time for a moment, in the fleet zone it is given', () => {
    expect(whenText(Date.UTC(2026, 0, 15, 12), fleetTime('UTC', 'en'), 'never')).toBe(
      '2026-01-15 Thu 12:00:00',
    );
    expect(whenText(Date.UTC(2026, 0, 15, 20), fleetTime('Asia/Shanghai', 'en'), 'never')).toBe(
      '2026-01-16 Fri 04:00:00',
    );
  });
});
