import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { ChoiceDialog } from '../../renderer/src/ui/dialog/ChoiceDialog';
import { expectParts, inLanguage } from '../helpers/element';

const nothing = async () => {};

describe('the ChoiceDialog', () => {
  it('shows its fields, then the choice in a row with the first option chosen, then the reason', () => {
    const html = inLanguage(
      'en',
      h(
        ChoiceDialog<string>,
        {
          testId: 'retier-dialog',
          title: 'Change tier',
          reason: { label: 'Reason', placeholder: 'why' },
          confirmLabel: 'Change',
          choice: {
            options: ['remote', 'on-site', 'emergency'],
            initial: 'on-site',
            legend: 'Tier',
            label: (x) => x.toUpperCase(),
            testId: 'retier-choice',
          },
          onSubmit: nothing,
          onClose: () => {},
        },
        h('p', null, 'Now remote'),
      ),
    );
    expectParts(html, [
      '<p>Now remote</p><fieldset class="actions actions--row" data-choice-keys="">',
      '<legend>Tier</legend>',
      '<input type="radio" name="retier-choice" checked="" value="on-site"/><kbd>2</kbd>',
      'data-testid="retier-dialog-reason"',
      'data-testid="retier-dialog-confirm">Change</button>',
    ]);
    expect(html.indexOf('</fieldset>')).toBeLessThan(html.indexOf('retier-dialog-reason'));
    expect(html.match(/checked=""/g)).toHaveLength(1);
  });

  it('asks no reason when its fields say enough, and marks each option with its value when asked', () => {
    const html = inLanguage(
      'en',
      h(ChoiceDialog<number>, {
        testId: 'drill-start-dialog',
        title: 'Start',
        reason: null,
        confirmLabel: 'Start',
        choice: {
          options: [1, 10, 60],
          initial: 10,
          legend: 'Speed',
          label: (s) => `×${s}`,
          note: (s) => (s === 60 ? 'an hour a minute' : null),
          testId: 'drill-start-speed',
          valueAttr: 'speed',
        },
        onSubmit: nothing,
        onClose: () => {},
      }),
    );
    expect(html).not.toContain('drill-start-dialog-reason');
    expectParts(html, [
      'data-testid="drill-start-speed" data-selected="true" data-speed="10"',
      '<span class="action__now">an hour a minute</span>',
    ]);
  });
});
