import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ActionDialog } from '../../renderer/src/ui/dialog/ActionDialog';
import { Choices } from '../../renderer/src/ui/dialog/Choices';
import { Dialog, DialogFoot, DialogStatus } from '../../renderer/src/ui/dialog/Dialog';
import { messageOf } from '../../renderer/src/ui/dialog/useSubmit';
import { el, expectParts, inLanguage } from '../helpers/element';

const inEnglish = (node: ReactNode) => inLanguage('en', node);
const nothing = async () => {};

describe('the Dialog frame', () => {
  it('is a dialog named by its title, with the subject under it', () => {
    const html = renderToStaticMarkup(
      el(
        Dialog,
        {
          testId: 'x-dialog',
          titleId: 'x-title',
          title: 'Shelve',
          subject: 'DC1',
          busy: false,
          onClose: () => {},
        },
        'body',
      ),
    );
    expect(html).toMatch(
      /^<dialog class="dialog" data-testid="x-dialog" aria-labelledby="x-title" aria-busy="false">/,
    );
    expect(html).toContain('<h2 id="x-title">Shelve</h2><p class="dialog__where">DC1</p>');
  });

  it('says busy while the action is in flight', () => {
    const html = renderToStaticMarkup(
      el(
        Dialog,
        { testId: 'x', titleId: 't', title: 'T', busy: true, step: 'busy', onClose: () => {} },
        null,
      ),
    );
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('data-step="busy"');
    expect(html).not.toContain('dialog__where');
  });

  it('DialogFoot says the keys before the buttons; DialogStatus alerts a refusal', () => {
    expect(
      renderToStaticMarkup(el(DialogFoot, { keys: 'Esc cancels' }, h('button', { type: 'button' }, 'OK'))),
    ).toBe(
      '<footer class="dialog__foot"><span class="hint">Esc cancels</span><button type="button">OK</button></footer>',
    );
    const status = renderToStaticMarkup(
      h(DialogStatus, { error: 'Refused: no', errorTestId: 'x-error', busy: true, busyText: 'Sending…' }),
    );
    expect(status).toContain('role="alert" data-testid="x-error">Refused: no</p>');
    expect(status).toContain('role="status">Sending…</p>');
  });
});

describe('the confirm-and-reason ActionDialog', () => {
  it('asks for the reason, restates the action on its button and names its parts for the tests', () => {
    const html = inEnglish(
      el(ActionDialog, {
        testId: 'shelve-dialog',
        title: 'Shelve alarm',
        subject: 'Lu Xun · DC1 · Insulation fault',
        reason: { label: 'Reason', placeholder: 'why' },
        confirmLabel: 'Shelve',
        onSubmit: nothing,
        onClose: () => {},
      }),
    );
    expectParts(html, [
      'aria-labelledby="shelve-dialog-title"',
      '<h2 id="shelve-dialog-title">Shelve alarm</h2>',
      '<span>Reason</span><input',
      'data-testid="shelve-dialog-reason"',
      'maxLength="500"',
      'data-testid="shelve-dialog-cancel">Cancel</button>',
      'type="submit" class="button button--primary" data-testid="shelve-dialog-confirm">Shelve</button>',
      'Enter confirms · Esc cancels',
    ]);
  });

  it('takes other names for its parts and no reason when its fields say enough', () => {
    const html = inEnglish(
      h(
        ActionDialog,
        {
          testId: 'config-save-dialog',
          partIds: { confirm: 'config-save-confirm', cancel: 'config-save-cancel' },
          title: 'Save',
          reason: null,
          confirmLabel: 'Save',
          onSubmit: nothing,
          onClose: () => {},
        },
        h('p', null, '3 stations'),
      ),
    );
    expect(html).toContain('data-testid="config-save-confirm"');
    expect(html).toContain('data-testid="config-save-cancel"');
    expect(html).not.toContain('<input');
    expect(html).toContain('<p>3 stations</p>');
  });
});

describe('Choices', () => {
  it('are numbered radio buttons in a group the number keys pick from', () => {
    const html = renderToStaticMarkup(
      h(Choices<string>, {
        name: 'tier',
        legend: 'Tier',
        options: ['remote', 'on-site'],
        value: 'on-site',
        onChange: () => {},
        label: (x) => x.toUpperCase(),
        note: (x) => (x === 'remote' ? 'within 1 h' : null),
        testId: 'tier-choice',
        valueAttr: 'tier',
        row: true,
      }),
    );
    expectParts(html, [
      '<fieldset class="actions actions--row" data-choice-keys="">',
      '<legend>Tier</legend>',
      'data-selected="false" data-tier="remote"',
      '<input type="radio" name="tier" checked="" value="on-site"/><kbd>2</kbd>',
      '<span class="action__now">within 1 h</span>',
    ]);
    expect(html.match(/action__now/g)).toHaveLength(1);
  });
});

describe('a refusal in words', () => {
  it('is the error message, or the thrown value', () => {
    expect(messageOf(new Error('forbidden'))).toBe('forbidden');
    expect(messageOf('timeout')).toBe('timeout');
  });
});
