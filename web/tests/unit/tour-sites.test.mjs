// The tour builder's sites (src/lib/tour-plan.ts): the site list from /api/v1/sites, the themes, ticking
// sites in the list or on the map, the list's groups by country, the shortfall applied to the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTheme, DEFAULT_TOUR_FORM, isCarDrive, moveSite, visitOrder, selectedSites, sitesByCountry, sitesFromGeoJson, THEMES, themeSites, toggleSite, withDaysNeeded, withoutSites } from '../../build-unit/lib/tour-plan.js';
import { SITES } from './tour-fixture.test.mjs';

const sites = sitesFromGeoJson(SITES);
const form = { ...DEFAULT_TOUR_FORM, start: 'almaty_2', date: '2026-06-01' };

test('the site list: ids, names, countries (a transnational property names several), positions', () => {
  assert.equal(sites.length, 12);
  const talgar = sites.find((s) => s.id === 'kz_talgar');
  assert.deepEqual({ ...talgar }, { id: 'kz_talgar', name: 'Site of Talgar', nameLocal: '', countries: ['KZ'], lat: 43.3, lon: 77.23, unescoRef: '1442', nearestStopId: 'almaty_2' });
  assert.deepEqual(sites.find((s) => s.id === 'multi_zarafshan').countries, ['TJ', 'UZ', 'TM']);
  const nowhere = sites.find((s) => s.id === 'xx_nowhere');
  assert.equal(nowhere.lat, null);
  assert.equal(nowhere.unescoRef, '');
});

test('themes: the corridor (UNESCO 1442) by country, a country\'s own sites, a UNESCO property', () => {
  assert.deepEqual(themeSites('corridor', sites), ['cn_qocho', 'cn_binxian', 'kz_talgar', 'kz_kayalyk', 'kz_aktobe', 'kg_suyab']);
  assert.deepEqual(themeSites('corridor:KZ', sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe']);
  assert.deepEqual(themeSites('corridor:KZ,KG', sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe', 'kg_suyab']);
  assert.deepEqual(themeSites('country:UZ', sites), ['uz_samarkand', 'uz_bukhara']);
  assert.deepEqual(themeSites('country:TM', sites), ['tm_merv']);
  assert.deepEqual(themeSites('unesco:603', sites), ['uz_samarkand']);
  assert.deepEqual(themeSites('corridor:CN', sites), ['cn_qocho', 'cn_binxian'], 'a component (1442-029) is of the property');
  assert.deepEqual(themeSites('unesco:1442', sites).length, 6);
  assert.deepEqual(themeSites('nonsense', sites), []);
  assert.ok(THEMES.some((x) => x.theme === 'corridor:KZ,KG'));
});

test('a theme chosen selects its sites; the same theme again clears it; another replaces it', () => {
  let f = chooseTheme(form, 'corridor:KZ');
  assert.deepEqual(selectedSites(f, sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe']);
  f = chooseTheme(f, 'country:UZ');
  assert.deepEqual(selectedSites(f, sites), ['uz_samarkand', 'uz_bukhara']);
  f = chooseTheme(f, 'country:UZ');
  assert.deepEqual(selectedSites(f, sites), []);
  assert.equal(f.theme, '');
});

test('ticking: another site adds to the theme; unticking a theme\'s site turns the theme into its sites less that one', () => {
  let f = chooseTheme(form, 'corridor:KZ');
  f = toggleSite(f, 'kg_suyab', sites);
  assert.equal(f.theme, 'corridor:KZ');
  assert.deepEqual(f.sites, ['kg_suyab']);
  assert.deepEqual(selectedSites(f, sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe', 'kg_suyab']);
  f = toggleSite(f, 'kg_suyab', sites);
  assert.deepEqual(f.sites, []);
  assert.equal(f.theme, 'corridor:KZ');
  f = toggleSite(f, 'kz_kayalyk', sites);
  assert.equal(f.theme, '');
  assert.deepEqual(f.sites, ['kz_talgar', 'kz_aktobe']);
  f = toggleSite(f, 'kz_kayalyk', sites);
  assert.deepEqual(selectedSites(f, sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe']);
});

test('a site the list does not know (an old link) stays selected, after the known ones', () => {
  assert.deepEqual(selectedSites({ ...form, sites: ['gone_site', 'kz_talgar'] }, sites), ['kz_talgar', 'gone_site']);
});

test('the list by country: the region\'s order, several countries last, names sorted', () => {
  const groups = sitesByCountry(sites);
  assert.deepEqual(groups.map(([c]) => c), ['CN', 'KZ', 'KG', 'UZ', 'TM', 'multi']);
  assert.deepEqual(groups[1][1].map((s) => s.id), ['xx_nowhere', 'kz_aktobe', 'kz_kayalyk', 'kz_talgar'], 'by name: "No position" first');
});

test('the shortfall applied: the days needed, or the sites left out (a theme turned into the rest)', () => {
  const f = chooseTheme({ ...form, days: 1 }, 'corridor:KZ,KG');
  assert.equal(withDaysNeeded(f, { daysNeeded: 4, drop: [], unreachable: [] }).days, 4);
  assert.equal(withDaysNeeded(f, { daysNeeded: 40, drop: [], unreachable: [] }), null, 'beyond 30 days: no button');
  assert.equal(withDaysNeeded(f, { daysNeeded: null, drop: [], unreachable: [] }), null);
  const fewer = withoutSites(f, ['kz_kayalyk', 'kg_suyab'], sites);
  assert.equal(fewer.theme, '');
  assert.deepEqual(fewer.sites, ['kz_talgar', 'kz_aktobe']);
  assert.equal(fewer.days, 1);
  assert.equal(withoutSites(f, [], sites), null);
  assert.equal(withoutSites(f, ['kz_talgar', 'kz_kayalyk', 'kz_aktobe', 'kg_suyab'], sites), null, 'nothing left: no button');
});

test('keepOrder: the visit order is the theme\'s then the sites as ticked; moving one turns the theme into its sites', () => {
  let f = chooseTheme(form, 'corridor:KZ');
  f = toggleSite(f, 'uz_bukhara', sites);
  f = toggleSite(f, 'kg_suyab', sites);
  assert.deepEqual(visitOrder(f, sites), ['kz_talgar', 'kz_kayalyk', 'kz_aktobe', 'uz_bukhara', 'kg_suyab']);
  f = moveSite(f, 'kz_aktobe', -1, sites);
  assert.equal(f.theme, '');
  assert.deepEqual(f.sites, ['kz_talgar', 'kz_aktobe', 'kz_kayalyk', 'uz_bukhara', 'kg_suyab']);
  assert.deepEqual(moveSite(f, 'kz_talgar', -1, sites), f, 'the first cannot move earlier');
  assert.deepEqual(moveSite(f, 'kg_suyab', 1, sites), f, 'the last cannot move later');
  assert.deepEqual(moveSite(f, 'kg_suyab', -1, sites).sites, ['kz_talgar', 'kz_aktobe', 'kz_kayalyk', 'kg_suyab', 'uz_bukhara']);
});

test('a drive by the hired car: a transfer whose note starts "by hired car"', () => {
  assert.equal(isCarDrive({ kind: 'transfer', note: 'by hired car from Almaty to Taldykorgan, estimated' }), true);
  assert.equal(isCarDrive({ kind: 'transfer', note: 'drive from Taldykorgan to the site, estimated' }), false);
  assert.equal(isCarDrive({ kind: 'journey', note: 'by hired car' }), false);
  assert.equal(isCarDrive({ kind: 'transfer' }), false);
});
