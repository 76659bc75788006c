import fc from 'fast-check';
import { withoutPerson } from './erasure-text';

describe('withoutPerson: the erasure reason without the name or address it mentions', () => {
  const person = { name: 'Annika Virtanen', email: 'annika.virtanen@city.example' };

  it('replaces the name and the address wherever they stand', () => {
    expect(withoutPerson('Annika Virtanen (annika.virtanen@city.example) asked on 3.12.', person)).toBe(
      'Former user (Former user) asked on 3.12.',
    );
  });

  it('leaves a text without them as it was', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes(person.name) && !s.includes(person.email)),
        (text) => withoutPerson(text, person) === text,
      ),
    );
  });

  it('never leaves the name or the address in the result', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && !'Former user'.includes(s));
    fc.assert(
      fc.property(name, fc.emailAddress(), fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }), (n, email, parts) => {
        const p = { name: n, email };
        fc.pre(!'Former user'.includes(email) && !email.includes(n));
        const text = parts.join(` ${n} `) + ` ${email}`;
        const out = withoutPerson(text, p);
        return !out.includes(email) && !out.includes(n);
      }),
    );
  });
});
