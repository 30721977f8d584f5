import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KeyButton } from '../../renderer/src/ui/button/KeyButton';
import { CodeFact, Fact } from '../../renderer/src/ui/facts/Fact';
import { Field, PasswordField, SelectField, TextField } from '../../renderer/src/ui/field/Field';
import { el } from '../helpers/element';

const quiet = () => {};

describe('Field', () => {
  it('labels its control by wrapping it, with a hint under it', () => {
    expect(renderToStaticMarkup(el(Field, { label: 'Role', hint: 'who may do what' }, h('select')))).toBe(
      '<label class="field"><span>Role</span><select></select><small>who may do what</small></label>',
    );
  });

  it('takes the look of the card it stands in', () => {
    expect(renderToStaticMarkup(el(Field, { label: 'User', className: 'auth__field' }, h('input')))).toMatch(
      /^<label class="auth__field">/,
    );
  });
});

describe('TextField', () => {
  it('is a labelled input passing its attributes on', () => {
    const html = renderToStaticMarkup(
      h(TextField, {
        label: 'User name',
        autoComplete: 'username',
        value: 'zhou',
        onValue: quiet,
        required: true,
      }),
    );
    expect(html).toBe(
      '<label class="field"><span>User name</span><input class="input" autoComplete="username" required="" value="zhou"/></label>',
    );
  });

  it('across a dialog is full width without autofill', () => {
    const html = renderToStaticMarkup(
      h(TextField, { label: 'Crew', wide: true, 'data-testid': 'crew', value: '', onValue: quiet } as never),
    );
    expect(html).toContain('class="input field__wide" autoComplete="off" data-testid="crew"');
  });

  it('marks a wrong value and says why under it', () => {
    const html = renderToStaticMarkup(
      h(TextField, {
        label: 'Reason',
        value: '',
        onValue: quiet,
        error: { text: 'Say why', testId: 'r-error' },
      }),
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<strong class="field__error" data-testid="r-error">Say why</strong>');
  });
});

describe('SelectField', () => {
  it('chooses out of the options, with a first choice for none', () => {
    const html = renderToStaticMarkup(
      h(SelectField<string>, {
        label: 'Station',
        value: null,
        options: ['sx01', 'sx02'],
        word: (id) => id.toUpperCase(),
        none: 'All',
        testId: 'station',
        onValue: quiet,
      }),
    );
    expect(html).toContain('<select class="input" data-testid="station">');
    expect(html).toContain('<option value="" selected="">All</option><option value="sx01">SX01</option>');
  });

  it('always has a value without a choice for none', () => {
    const html = renderToStaticMarkup(
      h(SelectField<string>, {
        label: 'Sort',
        value: 'age',
        options: ['priority', 'age'],
        word: (k) => k,
        onValue: quiet,
      }),
    );
    expect(html).not.toContain('value=""');
    expect(html).toContain('<option value="age" selected="">age</option>');
  });
});

describe('PasswordField', () => {
  it('never shows the password and is the current one unless it is being set', () => {
    const current = renderToStaticMarkup(h(PasswordField, { label: 'Password', value: 'x', onValue: quiet }));
    expect(current).toContain('type="password"');
    expect(current).toContain('autoComplete="current-password"');
    const fresh = renderToStaticMarkup(
      h(PasswordField, {
        label: 'New password',
        autoComplete: 'new-password',
        minLength: 10,
        value: '',
        onValue: quiet,
      }),
    );
    expect(fresh).toContain('autoComplete="new-password"');
    expect(fresh).toContain('minLength="10"');
  });
});

describe('Fact', () => {
  it('is a term and its value in a row of the facts list', () => {
    expect(renderToStaticMarkup(el(Fact, { term: 'Crew' }, '张伟, 李强'))).toBe(
      '<div class="facts__row"><dt>Crew</dt><dd>张伟, 李强</dd></div>',
    );
  });

  it('CodeFact shows an id as code, and nothing when there is none', () => {
    expect(renderToStaticMarkup(h(CodeFact, { term: 'Outage', code: 'OA-0002' }))).toBe(
      '<div class="facts__row"><dt>Outage</dt><dd><code>OA-0002</code></dd></div>',
    );
    expect(renderToStaticMarkup(h(CodeFact, { term: 'Outage', code: null }))).toBe('');
    expect(renderToStaticMarkup(h(CodeFact, { term: 'Outage', code: undefined }))).toBe('');
  });
});

describe('KeyButton', () => {
  it('is a plain button that says its shortcut and passes its attributes on', () => {
    expect(
      renderToStaticMarkup(
        el(
          KeyButton,
          { shortcut: 'O', className: 'button--primary', disabled: true, 'data-testid': 'x' } as never,
          'Outage',
        ),
      ),
    ).toBe(
      '<button type="button" class="button button--primary" disabled="" data-testid="x">Outage <kbd>O</kbd></button>',
    );
  });
});
