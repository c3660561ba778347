// The cases area (/cases, issue 17): a traveller asks for help, opens a dispute or files an insurance
// claim and follows their cases; operator staff, insurers, authorities and admins work their queue. The
// sign-in and the session are the register's (views/register/sign-in.ts, lib/register-api.ts): signed in
// on /register is signed in here, and a 401 brings the sign-in back. Three screens, each in the URL
// (`/cases`, `/cases?case=new`, `/cases?case=12`: Back returns to the list) and each focusing its
// heading when moved to: the list (a traveller's own cases, or the queue), the form (travellers), a case.
import './cases.css';
import { h } from '../../dom.js';
import { t } from '../../i18n/index.js';
import { CasesClient, type Lifecycles } from '../../lib/cases-api.js';
import { RegisterError, type Account } from '../../lib/register-api.js';
import { countryName } from '../travellers.js';
import { renderSignIn } from '../register/sign-in.js';
import { renderCase } from './case-page.js';
import { renderCaseForm } from './form.js';
import { renderCaseList } from './list.js';
import { errorBox, type CasesContext, type Screen } from './shared.js';

// One client for the page's life (its session is the tab's, shared with the register's client).
const client = new CasesClient();
let lifecycles: Lifecycles | null = null;
// What the next screen says and whether it takes the focus (a move within the area, not a page load).
let pending: { note?: string; focus: boolean } = { focus: false };

export interface CasesViewContext {
  lang: string;
  screen?: 'new' | number; // from the URL: the form, a case, or the list
  // Moves to a screen: a new history entry, or in place of this one (the form once its case is sent).
  navigate(screen: 'new' | number | undefined, replace?: boolean): void;
}

const screenOf = (s: CasesViewContext['screen']): Screen => (s === 'new' ? { name: 'form' } : typeof s === 'number' ? { name: 'case', id: s } : { name: 'list' });

export async function renderCases(root: HTMLElement, view: CasesViewContext): Promise<void> {
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const body = h('div', { class: 'cases-body' });
  root.replaceChildren(h('div', { class: 'register cases' },
    h('h1', { id: 'cases-heading', tabindex: '-1' }, t('cases.heading')),
    h('p', { class: 'hint register-intro' }, t('cases.intro')),
    status, body));
  const announce = (text: string) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  };
  const { note, focus } = pending;
  pending = { focus: false };
  client.onSignedOut = () => signIn(t('register.signIn.expired'));

  const signIn = (text?: string) => {
    renderSignIn(body, { client, note: text, signedIn: (a) => void signedIn(a, true) });
  };

  const signedIn = async (a: Account, moveFocus: boolean, text?: string) => {
    const area = h('div', { class: 'cases-area' });
    const signOut = h('button', { type: 'button', class: 'link sign-out' }, t('register.me.signOut'));
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      await client.signOut().catch(() => undefined);
      signIn(t('register.me.signedOut'));
      document.getElementById('cases-heading')?.focus();
    });
    const who = [t('register.me.role', { role: t(`register.role.${a.role}`) }),
      a.country ? t('register.me.forCountry', { country: countryName(a.country, view.lang) }) : '',
      a.operatorId ? t('register.me.forOperator', { id: a.operatorId }) : '',
      a.organisation ? t('cases.me.forInsurer', { code: a.organisation }) : ''].filter(Boolean).join(' · ');
    body.replaceChildren(
      h('section', { class: 'whoami', 'aria-labelledby': 'whoami-heading' },
        h('h2', { id: 'whoami-heading', class: 'visually-hidden' }, t('register.me.heading')),
        h('p', { class: 'whoami-name' }, t('register.me.as', { name: a.displayName, email: a.email })),
        h('p', { class: 'whoami-role' }, who),
        signOut),
      area);
    const ctx: CasesContext = {
      client, lang: view.lang, account: a, lifecycles, announce,
      show: (screen, next, replace) => {
        pending = { note: next, focus: true };
        view.navigate(screen.name === 'form' ? 'new' : screen.name === 'case' ? screen.id : undefined, replace);
      },
    };
    // Only a traveller has the form: others asking for it (a link) see their queue.
    const screen = screenOf(view.screen);
    if (screen.name === 'form' && a.role === 'traveller') renderCaseForm(area, ctx);
    else if (screen.name === 'case') await renderCase(area, ctx, screen.id, text);
    else await renderCaseList(area, ctx, text);
    // The screen's heading takes the focus (its h2), as a page change would.
    if (moveFocus) area.querySelector<HTMLElement>('h2')?.focus({ preventScroll: false });
  };

  const load = async () => {
    body.replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('cases.loading')));
    // The lifecycles (no sign-in needed) say which actions need a note, an outcome, line decisions.
    if (!lifecycles) {
      try {
        lifecycles = await client.lifecycles();
      } catch (e) {
        // A server without the cases' endpoints (an older one: 404) has no cases service either.
        const off = e instanceof RegisterError && (e.code === 'register_off' || e.status === 404);
        body.replaceChildren(off ? h('div', { class: 'error cases-off', role: 'alert' }, h('p', {}, t('cases.off'))) : errorBox(e, () => void load()));
        return;
      }
    }
    if (!client.signedIn) return signIn();
    try {
      // Asked each time: the register's page in this tab may have signed in someone else since.
      await signedIn(await client.me(), focus, note);
    } catch (e) {
      if (!client.signedIn) return; // a 401: onSignedOut drew the sign-in
      body.replaceChildren(errorBox(e, () => void load()));
    }
  };
  await load();
}
