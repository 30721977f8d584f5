import { createElement as h, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { type Lang, translator } from '../../renderer/src/i18n/lang';
import { StateBadge } from '../../renderer/src/ui/tile/StateBadge';
import { Tile, TileAlert, TileFoot, TileHead } from '../../renderer/src/ui/tile/Tile';
import { BigValue, Mark, Value } from '../../renderer/src/ui/tile/Value';
import { el, expectParts, inLanguage } from '../helpers/element';

function render(node: ReactNode, lang: Lang = 'en'): string {
  return inLanguage(lang, node);
}

describe('Tile', () => {
  it('is a focusable article named for the operator, carrying the data attributes the wall is walked by', () => {
    const html = render(
      el(
        Tile,
        {
          tone: 'fault',
          className: 'gtile',
          label: 'DC-01 gun 2: Fault',
          'data-device-id': 'dc1',
          'data-gun': 2,
        },
        el(TileHead, { name: 'DC-01' }, 'gun 2'),
      ),
    );
    expect(html).toMatch(/^<article class="tile gtile tile--fault"/);
    expectParts(html, [
      'data-device-id="dc1"',
      'data-gun="2"',
      'tabindex="0"',
      'aria-label="DC-01 gun 2: Fault"',
      '<header class="tile__head"><h3 class="tile__name">DC-01</h3>gun 2</header>',
    ]);
  });

  it('leaves out data attributes given as undefined', () => {
    const html = render(el(Tile, { tone: 'normal', label: 'x', 'data-controllable': undefined }));
    expect(html).not.toContain('data-controllable');
    expect(html).toContain('class="tile tile--normal"');
  });
});

describe('StateBadge', () => {
  it('repeats an abnormal colour with its shape, hidden from screen readers', () => {
    const html = render(el(StateBadge, { state: 'comm-lost' }, 'Comms lost'));
    expect(html).toBe(
      '<span class="badge badge--comm-lost" data-state="comm-lost"><span class="badge__icon" aria-hidden="true">⊘</span>Comms lost</span>',
    );
  });

  it('has no shape for a normal state, and passes further classes and data attributes on', () => {
    const html = render(
      el(
        StateBadge,
        { state: 'charging', className: 'quality--stale', 'data-point': 'gun1.state' },
        'Charging',
      ),
    );
    expect(html).not.toContain('badge__icon');
    expect(html).toContain('class="badge badge--charging quality--stale"');
    expect(html).toContain('data-point="gun1.state"');
  });
});

describe('TileAlert', () => {
  it('marks a fault with its shape and lost comms as a status for assistive technology', () => {
    expect(render(el(TileAlert, { tone: 'fault' }, 'Insulation fault'))).toBe(
      '<div class="tile__alert tile__alert--fault"><span aria-hidden="true">▲ </span>Insulation fault</div>',
    );
    expect(render(el(TileAlert, { tone: 'comm-lost', role: 'status' }, 'Comms lost'))).toContain(
      'role="status"',
    );
  });
});

describe('TileFoot', () => {
  it('offers the control button only when onControl is given', () => {
    const without = render(el(TileFoot, {}, h('span', { className: 'tile__comms' }, 'Online')));
    expect(without).not.toContain('button');
    const withControl = render(el(TileFoot, { onControl: () => undefined }, 'Online'));
    expect(withControl).toContain('<button type="button" class="tile__control" data-testid="tile-control"');
    expect(withControl).toContain(`>${translator('en')('control.open')}</button>`);
  });
});

describe('Value and BigValue', () => {
  it('shows the figure with its point, quality, unit and caption', () => {
    const html = render(
      h(Value, {
        className: 'value--energy quality--stale',
        caption: 'Energy',
        point: 'gun1.energy',
        text: '12.5',
        unit: 'kWh',
        quality: 'stale',
        mark: 'stale',
      }),
    );
    expect(html).toMatch(/^<div class="value value--energy quality--stale">/);
    expect(html).toContain('<div class="value__caption">Energy</div>');
    expect(html).toContain(
      '<span class="value__num" data-point="gun1.energy" data-quality="stale">12.5</span>',
    );
    expect(html).toContain('data-quality-mark="stale"');
  });

  it('has no caption, quality or mark where none is given', () => {
    const html = render(h(Value, { point: 'energyTotal', text: '—', unit: '' }));
    expect(html).toBe(
      '<div class="value"><span class="value__num" data-point="energyTotal">—</span><span class="value__unit"></span></div>',
    );
  });

  it('gives the large figure its quality, so a stale one greys like the small ones', () => {
    const html = render(
      h(BigValue, { point: 'power', text: '60.2', unit: 'kW', quality: 'stale', mark: null }),
    );
    expect(html).toContain('class="gtile__power quality--stale"');
    expect(html).toContain('<span class="gtile__kw" data-point="power" data-quality="stale">60.2</span>');
  });

  it('says a bad value in words in the language on screen', () => {
    expect(render(h(Mark, { mark: 'bad' }), 'en')).toContain('data-quality-mark="bad"');
    expect(render(h(Mark, { mark: null }))).toBe('');
  });
});
