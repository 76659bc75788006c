// A service's mail alias: mail to `orders+<alias>@…` orders that service. Pure.

/** Lower-case letters, digits and inner hyphens, 1 to 40 characters (the database checks the same). */
export const EMAIL_ALIAS_PATTERN = '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$';
const EMAIL_ALIAS = new RegExp(EMAIL_ALIAS_PATTERN);

export function isEmailAlias(text: string): boolean {
  return EMAIL_ALIAS.test(text);
}

/** The alias as stored: trimmed and lower-cased; '' means none. */
export function normalEmailAlias(text: string): string {
  return text.trim().toLowerCase();
}
