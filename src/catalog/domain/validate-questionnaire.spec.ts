import fc from 'fast-check';
import { Question } from './question';
import { validateQuestionnaire } from './validate-questionnaire';

const q = (over: Partial<Question> & Record<string, unknown> = {}): Record<string, unknown> => ({
  key: 'format',
  type: 'text',
  label: 'Format',
  ...over,
});

const choice = (over: Record<string, unknown> = {}) =>
  q({
    type: 'choice',
    options: [
      { value: 'print', label: 'Print' },
      { value: 'web', label: 'Web' },
    ],
    ...over,
  });

/** Pointers of the errors, the usual thing to assert on. */
const pointers = (input: unknown) => validateQuestionnaire(input).map((e) => e.pointer);

describe('validateQuestionnaire', () => {
  describe('shape', () => {
    it.each([null, undefined, {}, 'questions', 42])('rejects non-array %p', (input) => {
      expect(validateQuestionnaire(input)).toEqual([
        expect.objectContaining({ pointer: '/questions', detail: 'must be a list of questions' }),
      ]);
    });

    it('accepts an empty questionnaire (title and purpose may be enough)', () => {
      expect(validateQuestionnaire([])).toEqual([]);
    });

    it('accepts a full, valid questionnaire', () => {
      const questions = [
        q({ key: 'summary', type: 'text', label: 'Summary', maxLength: 80, required: true, help: 'One line' }),
        q({ key: 'details', type: 'textarea', label: 'Details' }),
        q({ key: 'budget', type: 'number', label: 'Budget', min: 0, max: 10000 }),
        q({ key: 'deadline', type: 'date', label: 'Deadline' }),
        choice({ key: 'channel', label: 'Channel' }),
        choice({ key: 'extras', type: 'multichoice', label: 'Extras', min: 1, max: 2 }),
        q({ key: 'urgent', type: 'yesno', label: 'Urgent?' }),
        q({ key: 'contact', type: 'email', label: 'Contact', showIf: { key: 'urgent', equals: true } }),
        q({ key: 'site', type: 'url', label: 'Site', showIf: { key: 'channel', in: ['web'] } }),
      ];
      expect(validateQuestionnaire(questions)).toEqual([]);
    });

    it.each([null, 'x', 3, [q()]])('rejects question that is not an object: %p', (item) => {
      expect(validateQuestionnaire([q(), item])).toEqual([
        expect.objectContaining({ pointer: '/questions/1', detail: 'must be an object' }),
      ]);
    });

    it('reports holes in sparse arrays', () => {
      const sparse: unknown[] = [q()];
      sparse[2] = q({ key: 'other' });
      expect(pointers(sparse)).toEqual(['/questions/1']);
    });
  });

  describe('key', () => {
    it.each([undefined, '', '1st', '_x', '-x', 'has space', 'dot.ted', 'a'.repeat(64), 7])('rejects malformed key %p', (key) => {
      expect(pointers([q({ key: key as string })])).toEqual(['/questions/0/key']);
    });

    it.each(['a', 'budget', 'costCenter', 'cost_center_2', 'Format', 'target-audience', 'a'.repeat(63)])('accepts key %p', (key) => {
      expect(validateQuestionnaire([q({ key })])).toEqual([]);
    });

    it.each(['title', 'purpose', 'desiredDate'])('rejects reserved key %p', (key) => {
      expect(validateQuestionnaire([q({ key })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/key', detail: `"${key}" is reserved` }),
      ]);
    });

    it('rejects duplicate keys on the later question only', () => {
      expect(validateQuestionnaire([q(), q({ key: 'x' }), q()])).toEqual([
        expect.objectContaining({ pointer: '/questions/2/key', detail: 'duplicates the key of question 0' }),
      ]);
    });
  });

  describe('type, label, help, required', () => {
    it.each([undefined, 'radio', 'TEXT', 1])('rejects unknown type %p', (type) => {
      const errors = validateQuestionnaire([q({ type: type as 'text' })]);
      expect(errors).toEqual([
        expect.objectContaining({ pointer: '/questions/0/type', detail: expect.stringContaining('must be one of: text,') }),
      ]);
    });

    it.each([undefined, '', '   ', 5])('rejects missing/empty label %p', (label) => {
      expect(validateQuestionnaire([q({ label: label as string })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/label', detail: 'is required' }),
      ]);
    });

    it('limits label to 500 and help to 2000 characters', () => {
      expect(validateQuestionnaire([q({ label: 'x'.repeat(500), help: 'y'.repeat(2000) })])).toEqual([]);
      expect(validateQuestionnaire([q({ label: 'x'.repeat(501), help: 'y'.repeat(2001) })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/label', detail: 'must be at most 500 characters' }),
        expect.objectContaining({ pointer: '/questions/0/help', detail: 'must be at most 2000 characters' }),
      ]);
    });

    it('rejects non-string help and non-boolean required', () => {
      expect(pointers([q({ help: 3 as unknown as string, required: 'yes' as unknown as boolean })])).toEqual([
        '/questions/0/help',
        '/questions/0/required',
      ]);
    });
  });

  describe('options', () => {
    it.each(['choice', 'multichoice'])('%s needs at least one option', (type) => {
      for (const options of [undefined, [], 'print']) {
        expect(validateQuestionnaire([q({ type: type as 'choice', options: options as [] })])).toEqual([
          expect.objectContaining({ pointer: '/questions/0/options', detail: 'must list at least one option' }),
        ]);
      }
    });

    it('rejects duplicate option values', () => {
      const options = [
        { value: 'web', label: 'Web' },
        { value: 'web', label: 'Web again' },
      ];
      expect(validateQuestionnaire([choice({ options })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/options/1/value', detail: 'duplicates option "web"' }),
      ]);
    });

    it('rejects malformed options', () => {
      const options = [null, { value: '', label: 'Empty' }, { value: ' pad ', label: 'Pad' }, { value: 'ok', label: '' }];
      expect(pointers([choice({ options })])).toEqual([
        '/questions/0/options/0',
        '/questions/0/options/1/value',
        '/questions/0/options/2/value',
        '/questions/0/options/3/label',
      ]);
    });

    it.each(['text', 'number', 'yesno'])('rejects options on non-choice type %s', (type) => {
      expect(validateQuestionnaire([q({ type: type as 'text', options: [{ value: 'a', label: 'A' }] })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/options', detail: 'are only allowed on choice and multichoice questions' }),
      ]);
    });
  });

  describe('min, max, maxLength', () => {
    it('rejects min greater than max', () => {
      expect(validateQuestionnaire([q({ type: 'number', min: 5, max: 4 })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/min', detail: 'must not be greater than max' }),
      ]);
      expect(validateQuestionnaire([q({ type: 'number', min: 4, max: 4 })])).toEqual([]);
    });

    it.each(['5', NaN, Infinity, null])('rejects non-numeric bound %p', (bound) => {
      expect(pointers([q({ type: 'number', min: bound as number, max: bound as number })])).toEqual([
        '/questions/0/min',
        '/questions/0/max',
      ]);
    });

    it('requires multichoice bounds to be satisfiable selection counts', () => {
      expect(pointers([choice({ type: 'multichoice', min: 1.5 })])).toEqual(['/questions/0/min']);
      expect(pointers([choice({ type: 'multichoice', min: -1 })])).toEqual(['/questions/0/min']);
      expect(pointers([choice({ type: 'multichoice', max: 0 })])).toEqual(['/questions/0/max']);
      expect(validateQuestionnaire([choice({ type: 'multichoice', min: 3 })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/min', detail: 'must not exceed the number of options' }),
      ]);
      expect(validateQuestionnaire([choice({ type: 'multichoice', min: 2, max: 5 })])).toEqual([]);
    });

    it.each([0, -1, 1.5, '10', Infinity])('rejects maxLength %p', (maxLength) => {
      expect(validateQuestionnaire([q({ maxLength: maxLength as number })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/maxLength', detail: 'must be a positive whole number' }),
      ]);
    });

    it('accepts a positive integer maxLength', () => {
      expect(validateQuestionnaire([q({ maxLength: 1 })])).toEqual([]);
    });
  });

  describe('showIf', () => {
    const urgent = q({ key: 'urgent', type: 'yesno', label: 'Urgent?' });
    const contact = (showIf: unknown) => q({ key: 'contact', showIf: showIf as Question['showIf'] });

    it('accepts a reference to an earlier question with equals or in', () => {
      expect(validateQuestionnaire([urgent, contact({ key: 'urgent', equals: true })])).toEqual([]);
      expect(validateQuestionnaire([urgent, contact({ key: 'urgent', in: [true, false] })])).toEqual([]);
    });

    it('rejects an unknown key', () => {
      expect(validateQuestionnaire([urgent, contact({ key: 'nope', equals: true })])).toEqual([
        expect.objectContaining({ pointer: '/questions/1/showIf/key', detail: 'refers to unknown question "nope"' }),
      ]);
    });

    it('rejects a self reference', () => {
      expect(validateQuestionnaire([contact({ key: 'contact', equals: 'x' })])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/showIf/key', detail: 'cannot refer to the question itself' }),
      ]);
    });

    it('rejects a forward reference, which also rules out cycles', () => {
      const a = q({ key: 'a', showIf: { key: 'b', equals: 'x' } });
      const b = q({ key: 'b', showIf: { key: 'a', equals: 'x' } });
      expect(validateQuestionnaire([a, b])).toEqual([
        expect.objectContaining({ pointer: '/questions/0/showIf/key', detail: 'must refer to an earlier question' }),
      ]);
    });

    it('requires exactly one of equals or in', () => {
      expect(validateQuestionnaire([urgent, contact({ key: 'urgent' })])).toEqual([
        expect.objectContaining({ pointer: '/questions/1/showIf', detail: 'must have either equals or in' }),
      ]);
      expect(pointers([urgent, contact({ key: 'urgent', equals: true, in: [true] })])).toEqual(['/questions/1/showIf']);
    });

    it.each([true, 'yes', {}, []])('rejects in = %p (not a non-empty list)', (value) => {
      expect(validateQuestionnaire([urgent, contact({ key: 'urgent', in: value })])).toEqual([
        expect.objectContaining({ pointer: '/questions/1/showIf/in', detail: 'must be a non-empty list' }),
      ]);
    });

    it('rejects condition values that no cleaned answer could equal', () => {
      expect(pointers([urgent, contact({ key: 'urgent', equals: { a: 1 } })])).toEqual(['/questions/1/showIf/equals']);
      expect(pointers([urgent, contact({ key: 'urgent', in: [true, null] })])).toEqual(['/questions/1/showIf/in/1']);
    });

    it.each([null, 'urgent', [], { equals: true }])('rejects malformed showIf %p', (showIf) => {
      expect(validateQuestionnaire([urgent, contact(showIf)]).length).toBeGreaterThan(0);
    });
  });

  describe('properties', () => {
    it('never throws on arbitrary input', () => {
      fc.assert(
        fc.property(fc.anything(), (input) => {
          expect(Array.isArray(validateQuestionnaire(input))).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on arrays of arbitrary, question-shaped objects', () => {
      const loose = fc.record(
        {
          key: fc.oneof(fc.constantFrom('a', 'b', 'title', ''), fc.anything()),
          type: fc.oneof(fc.constantFrom('text', 'choice', 'multichoice', 'number'), fc.anything()),
          label: fc.oneof(fc.string(), fc.anything()),
          options: fc.oneof(fc.array(fc.record({ value: fc.anything(), label: fc.anything() })), fc.anything()),
          min: fc.anything(),
          max: fc.anything(),
          maxLength: fc.anything(),
          showIf: fc.oneof(fc.record({ key: fc.constantFrom('a', 'b'), equals: fc.anything(), in: fc.anything() }), fc.anything()),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.array(loose, { maxLength: 5 }), (input) => {
          for (const e of validateQuestionnaire(input)) expect(e.pointer).toMatch(/^\/questions(\/|$)/);
        }),
        { numRuns: 200 },
      );
    });
  });
});
