/**
 * The reason an admin gives for an erasure is kept in the audit log; the name and address it
 * may mention are not (the erasure is audited without storing again what it erased).
 */
export function withoutPerson(text: string, person: { name: string; email: string }, stand = 'Former user'): string {
  let out = text;
  for (const value of [person.email, person.name]) {
    if (value.trim() === '') continue;
    out = out.split(value).join(stand);
  }
  return out;
}
