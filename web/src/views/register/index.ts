// The register area (/register): sign in, who is signed in, and by role the operator portal
// (operator_staff) or the authority's queue (authority, admin). The session is the tab's
// (sessionStorage, lib/register-api.ts); an answer 401 brings the sign-in back.
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { RegisterClient, type Account } from '../../lib/register-api.js';
import { countryName } from '../travellers.js';
import { renderPortal } from './portal.js';
import { renderQueue } from './queue.js';
import { renderSignIn } from './sign-in.js';
import { failureText, type RegisterContext } from './shared.js';

// One client for the page's life: its session outlives a change of language (the view drawn again).
const client = new RegisterClient();

export interface RegisterViewContext {
  lang: string;
}

export async function renderRegister(root: HTMLElement, view: RegisterViewContext): Promise<void> {
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const body = h('div', { class: 'register-body' });
  root.replaceChildren(h('div', { class: 'register' },
    h('h1', { id: 'register-heading', tabindex: '-1' }, t('register.heading')),
    h('p', { class: 'hint register-intro' }, t('register.intro')),
    status, body));
  const announce = (text: string) => {
    status.textContent = '';
    // A new text node after a tick, so the same sentence twice is said twice.
    setTimeout(() => (status.textContent = text), 50);
  };
  // Every page of the register goes back to the sign-in when the session ends (a 401).
  client.onSignedOut = () => signIn(t('register.signIn.expired'));

  const signIn = (note?: string) => {
    renderSignIn(body, { client, note, signedIn: (account) => void signedIn(account, true) });
    // Without a register the forms would only fail: said at once instead.
    void client.lookup({ limit: 1 }).catch((e) => {
      if (e?.code === 'register_off') body.replaceChildren(h('div', { class: 'error register-off', role: 'alert' }, h('p', {}, t('register.off'))));
    });
  };

  const signedIn = async (account: Account, focus: boolean, note?: string) => {
    const refresh = (text?: string) => void load(text);
    const ctx: RegisterContext = { client, lang: view.lang, account, refresh, announce };
    const roleArea = h('div', { class: 'register-role' });
    const signOut = h('button', { type: 'button', class: 'link sign-out' }, t('register.me.signOut'));
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      await client.signOut().catch(() => undefined);
      signIn(t('register.me.signedOut'));
      document.getElementById('register-heading')?.focus();
    });
    body.replaceChildren(
      h('section', { class: 'whoami', 'aria-labelledby': 'whoami-heading' },
        h('h2', { id: 'whoami-heading', class: 'visually-hidden' }, t('register.me.heading')),
        h('p', { class: 'whoami-name' }, t('register.me.as', { name: account.displayName, email: account.email })),
        h('p', { class: 'whoami-role' }, t('register.me.role', { role: t(`register.role.${account.role}`) }),
          account.country ? ` · ${t('register.me.forCountry', { country: countryName(account.country, view.lang) })}` : '',
          account.operatorId ? ` · ${t('register.me.forOperator', { id: account.operatorId })}` : ''),
        signOut),
      ...(note ? [h('p', { class: 'note', role: 'status' }, note)] : []),
      roleArea);
    if (account.role === 'operator_staff') {
      await renderPortal(roleArea, ctx);
    } else if (account.role === 'authority' || account.role === 'admin') {
      await renderQueue(roleArea, ctx);
    } else {
      roleArea.append(h('p', { class: 'nothing-here' }, t('register.me.nothingHere')));
    }
    if (focus) roleArea.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true }) ?? document.getElementById('register-heading')?.focus();
  };

  // Who is signed in, asked again (the account may have been tied to an operator since).
  const load = async (note?: string) => {
    if (!client.signedIn) return signIn();
    body.replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('register.loading')));
    try {
      await signedIn(await client.me(), !!note, note);
    } catch (e) {
      if (!client.signedIn) return; // a 401: onSignedOut drew the sign-in
      body.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', {}, failureText(e)),
        h('button', { type: 'button', class: 'link', onclick: () => void load() }, t('register.retry'))));
    }
  };
  await load();
}
