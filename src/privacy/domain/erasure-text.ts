/**
 * The reason an admin gives for an erasure is kept in the audit log; the name and address it
 * may mention are not (the erasure is audited without storing again what it erased). Replaced
 * until none is left, since a replacement can meet the text around it and spell one anew.
 */
export function withoutPerson(text: string, person: { name: string; email: string }, stand = 'Former user'): string {
  const values = [person.email, person.name].filter((v) => v.trim() !== '' && !stand.includes(v));
  let out = text;
  for (let pass = 0; pass < 20 && values.some((v) => out.includes(v)); pass++) {
    for (const value of values) out = out.split(value).join(stand);
  }
  return out;
}
