// People on the site through its own forms: an invitation made by a staff member, a registration
// with its code. Used by the tests that need a person of their own.
import { open, follow, submit } from './browser.mjs';

// On a page signed in as an admin or a trainer: creates an invitation on /admin/inviti and returns
// { code, link } as the page shows them once.
export async function createInvitation(page, site, { group, organization, days = 30, uses = 1 }) {
  await open(page, site, '/admin/inviti', { status: 200 });
  await page.locator('#campo-group').selectOption(group);
  await page.locator('#campo-organization').fill(organization);
  await page.locator('#campo-days').fill(String(days));
  await page.locator('#campo-uses').fill(String(uses));
  await submit(page, page.locator('form[action="/admin/inviti"] button[type="submit"]'));
  const created = page.locator('section.new-code');
  await created.waitFor();
  return {
    code: (await created.locator('.new-code-value code').innerText()).trim(),
    link: (await created.locator('.new-code-link').innerText()).trim(),
  };
}

// Fills the registration form opened from the invitation `code` and sends it; the page is then
// the person's area (the caller checks it). `person` is { username, name, email, password }.
export async function registerWithInvitation(page, site, code, person) {
  await open(page, site, `/registrati?codice=${encodeURIComponent(code)}`, { status: 200 });
  await page.locator('#campo-username').fill(person.username);
  await page.locator('#campo-display_name').fill(person.name);
  await page.locator('#campo-email').fill(person.email);
  await page.locator('#campo-password').fill(person.password);
  await page.locator('#campo-password_confirm').fill(person.password);
  await follow(page, page.locator('form[action="/registrati"] button[type="submit"]'));
}
