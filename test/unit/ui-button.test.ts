import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Button } from '../../renderer/src/ui/button/Button';

describe('Button', () => {
  it('is a plain button by default, its test id and attributes passed on', () => {
    expect(renderToStaticMarkup(h(Button, { testId: 'x-cancel', title: 'Esc' }, 'Cancel'))).toBe(
      '<button type="button" class="button" data-testid="x-cancel" title="Esc">Cancel</button>',
    );
  });

  it('is a strong submit for the form’s own action, with any extra class after the kit’s', () => {
    expect(
      renderToStaticMarkup(
        h(Button, { primary: true, submit: true, className: 'wide', disabled: true }, 'Send'),
      ),
    ).toBe('<button type="submit" class="button button--primary wide" disabled="">Send</button>');
  });

  it('leaves out a test id not given', () => {
    expect(renderToStaticMarkup(h(Button, { primary: true }, 'Save'))).toBe(
      '<button type="button" class="button button--primary">Save</button>',
    );
  });
});
