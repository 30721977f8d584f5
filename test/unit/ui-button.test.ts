import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Button } from '../../renderer/src/ui/button/Button';
import { el } from '../helpers/element';

describe('Button', () => {
  it('is never a form submit and wears the kit class, its test id and other attributes passed through', () => {
    const html = renderToStaticMarkup(
      el(Button, { testId: 'config-reload', title: 'Reload', disabled: true }, 'Reload'),
    );
    expect(html).toBe(
      '<button type="button" class="button" data-testid="config-reload" title="Reload" disabled="">Reload</button>',
    );
  });

  it('marks the primary action and leaves out a test id not given', () => {
    const html = renderToStaticMarkup(el(Button, { primary: true }, 'Save'));
    expect(html).toBe('<button type="button" class="button button--primary">Save</button>');
  });
});
