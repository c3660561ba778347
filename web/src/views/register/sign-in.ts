// Signing in (email, password) and a traveller's sign-up; other roles' accounts are made by an admin.
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { RegisterError, type Account, type RegisterClient } from '../../lib/register-api.js';
import { failureText, field, fieldErrorText } from './shared.js';

export interface SignInContext {
  client: RegisterClient;
  note?: string; // said above the form: the session ended, signed out, an account made
  signedIn(account: Account): void;
}

export function renderSignIn(root: HTMLElement, ctx: SignInContext): void {
  const email = field('email', t('register.signIn.email'), h('input', { type: 'email', autocomplete: 'username', required: true }));
  const password = field('password', t('register.signIn.password'), h('input', { type: 'password', autocomplete: 'current-password', required: true }));
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('register.signIn.submit'));
  const form = h('form', { class: 'plan-form register-form sign-in', 'aria-labelledby': 'sign-in-heading', novalidate: true },
    h('h2', { id: 'sign-in-heading' }, t('register.signIn.heading')),
    ctx.note ? h('p', { class: 'note', role: 'status' }, ctx.note) : null,
    email.element, password.element, error, submit);
  const say = (text: string) => {
    error.hidden = false;
    error.textContent = text;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    email.setError(null);
    password.setError(null);
    const missing = [email, password].filter((f) => !f.input.value.trim());
    for (const f of missing) f.setError(t('register.error.required'));
    if (missing.length) {
      missing[0].input.focus();
      return;
    }
    submit.disabled = true;
    try {
      ctx.signedIn(await ctx.client.signIn(email.input.value.trim(), password.input.value));
    } catch (err) {
      if (err instanceof RegisterError && err.code === 'unauthorized') say(t('register.signIn.wrong'));
      else if (err instanceof RegisterError && err.code === 'rate_limited') say(t('register.signIn.rateLimited', { count: Math.ceil((err.retryAfter ?? 900) / 60) }));
      else if (err instanceof RegisterError && err.code === 'invalid_body' && err.parameter === 'email') email.setError(fieldErrorText(err));
      else say(failureText(err));
      password.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(h('div', { class: 'register-columns' }, form, signUpForm(ctx)));
}

function signUpForm(ctx: SignInContext): HTMLElement {
  const name = field('displayName', t('register.signUp.name'), h('input', { type: 'text', autocomplete: 'name', required: true, maxlength: 200 }));
  const email = field('email', t('register.signIn.email'), h('input', { type: 'email', autocomplete: 'email', required: true }));
  const password = field('password', t('register.signUp.password'), h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 }));
  const fields = [name, email, password];
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const done = h('p', { class: 'note', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('register.signUp.submit'));
  const form = h('form', { class: 'plan-form register-form sign-up', 'aria-labelledby': 'sign-up-heading', novalidate: true },
    h('h2', { id: 'sign-up-heading' }, t('register.signUp.heading')),
    h('p', { class: 'hint' }, t('register.signUp.hint')),
    ...fields.map((f) => f.element), error, done, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    done.textContent = '';
    for (const f of fields) f.setError(null);
    const missing = fields.filter((f) => !f.input.value.trim());
    for (const f of missing) f.setError(t('register.error.required'));
    if (password.input.value && [...password.input.value].length < 10) {
      password.setError(t('register.error.password'));
      missing.push(password);
    }
    if (missing.length) {
      missing[0].input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const account = await ctx.client.signUp(email.input.value.trim(), name.input.value.trim(), password.input.value);
      form.reset();
      done.textContent = t('register.signUp.done');
      // The sign-in beside it, its email filled in, waits for the password.
      const signInEmail = document.querySelector<HTMLInputElement>('.sign-in input[name=email]');
      if (signInEmail) signInEmail.value = account.email;
      document.querySelector<HTMLInputElement>('.sign-in input[name=password]')?.focus();
    } catch (err) {
      const at = err instanceof RegisterError ? fields.find((f) => f.input.name === err.parameter) : undefined;
      if (err instanceof RegisterError && at) {
        at.setError(fieldErrorText(err));
        at.input.focus();
      } else {
        error.hidden = false;
        error.textContent = err instanceof RegisterError && err.code === 'rate_limited' ? t('register.signUp.rateLimited') : failureText(err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
