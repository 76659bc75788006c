import fc from 'fast-check';
import { Answers, Question, QuestionType, ShowIf } from './question';
import { validateAnswers, visibleQuestions } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

const options = (...values: string[]) => values.map((value) => ({ value, label: value.toUpperCase() }));

const Q = {
  summary: { key: 'summary', type: 'text', label: 'Summary', required: true },
  details: { key: 'details', type: 'textarea', label: 'Details' },
  budget: { key: 'budget', type: 'number', label: 'Budget', min: 0, max: 1000 },
  deadline: { key: 'deadline', type: 'date', label: 'Deadline' },
  channel: { key: 'channel', type: 'choice', label: 'Channel', options: options('print', 'web') },
  extras: { key: 'extras', type: 'multichoice', label: 'Extras', options: options('photo', 'video', 'audio') },
  urgent: { key: 'urgent', type: 'yesno', label: 'Urgent?' },
  contact: { key: 'contact', type: 'email', label: 'Contact' },
  site: { key: 'site', type: 'url', label: 'Site' },
} satisfies Record<string, Question>;

/** Runs a single question against a single raw value. */
const one = (q: Question, value: unknown) => validateAnswers([q], { [q.key]: value });
const accepts = (q: Question, value: unknown, cleaned: unknown) =>
  expect(one(q, value)).toEqual({ answers: { [q.key]: cleaned }, errors: [] });
const rejects = (q: Question, value: unknown, detail: string) =>
  expect(one(q, value)).toEqual({ answers: {}, errors: [expect.objectContaining({ pointer: `/answers/${q.key}`, detail })] });

describe('validateAnswers', () => {
  describe('answers container', () => {
    it.each([null, undefined, 'x', 3, [], [{ summary: 'x' }]])('rejects non-object %p at /answers', (answers) => {
      expect(validateAnswers([Q.details], answers)).toEqual({
        answers: {},
        errors: [expect.objectContaining({ pointer: '/answers', detail: 'must be an object with one entry per question' })],
      });
    });

    it('accepts {} for an empty questionnaire', () => {
      expect(validateAnswers([], {})).toEqual({ answers: {}, errors: [] });
    });

    it('reports unknown keys, escaping them as JSON pointer tokens', () => {
      expect(validateAnswers([Q.details], { details: 'ok', 'a/b~c': 1, constructor: 2 }).errors).toEqual([
        expect.objectContaining({ pointer: '/answers/a~1b~0c', detail: 'unknown question' }),
        expect.objectContaining({ pointer: '/answers/constructor', detail: 'unknown question' }),
      ]);
    });

    it('does not read answers from the prototype chain', () => {
      const q: Question = { key: 'constructor', type: 'text', label: 'C', required: true };
      expect(validateAnswers([q], {}).errors).toEqual([
        expect.objectContaining({ pointer: '/answers/constructor', detail: 'is required' }),
      ]);
      expect(validateAnswers([q], { constructor: ' x ' })).toEqual({ answers: { constructor: 'x' }, errors: [] });
    });
  });

  describe('required', () => {
    const required = (q: Question): Question => ({ ...q, required: true });

    it.each([undefined, null, '', '   \n\t', []])('treats %p as missing', (value) => {
      rejects(required(Q.details), value, 'is required');
      rejects(required(Q.extras), value, 'is required');
      expect(one(Q.details, value)).toEqual({ answers: {}, errors: [] });
    });

    it('reports an absent key of a required question', () => {
      expect(validateAnswers([Q.summary], {}).errors).toEqual([
        expect.objectContaining({ pointer: '/answers/summary', detail: 'is required' }),
      ]);
    });

    it('accepts false and 0 as real answers', () => {
      accepts(required(Q.urgent), false, false);
      accepts(required(Q.budget), 0, 0);
    });
  });

  describe('text and textarea', () => {
    it('trims and enforces the default limits', () => {
      accepts(Q.summary, '  Poster  ', 'Poster');
      accepts(Q.summary, 'x'.repeat(500), 'x'.repeat(500));
      rejects(Q.summary, 'x'.repeat(501), 'must be at most 500 characters');
      accepts(Q.details, 'x'.repeat(10000), 'x'.repeat(10000));
      rejects(Q.details, 'x'.repeat(10001), 'must be at most 10000 characters');
    });

    it('counts characters, not UTF-16 units, and honours maxLength', () => {
      const short: Question = { ...Q.summary, maxLength: 3 };
      accepts(short, '😀😀😀', '😀😀😀');
      rejects(short, 'abcd', 'must be at most 3 characters');
    });

    it.each([3, true, ['a'], { a: 1 }])('rejects non-string %p', (value) => {
      rejects(Q.summary, value, 'must be text');
      rejects(Q.details, value, 'must be text');
    });
  });

  describe('number', () => {
    it.each([
      [12, 12],
      [0, 0],
      [1000, 1000],
      ['12.5', 12.5],
      [' 7 ', 7],
      ['-0', -0],
      ['1e2', 100],
      ['.5', 0.5],
    ])('accepts %p as %p', (value, cleaned) => accepts(Q.budget, value, cleaned));

    it.each([NaN, Infinity, '12abc', '0x10', 'Infinity', '1,5', true, [1], {}])('rejects %p', (value) => {
      rejects(Q.budget, value, 'must be a number');
    });

    it('applies inclusive min and max', () => {
      rejects(Q.budget, -0.01, 'must be at least 0');
      rejects(Q.budget, '1000.5', 'must be at most 1000');
    });

    it('is unbounded without min/max', () => {
      accepts({ ...Q.budget, min: undefined, max: undefined }, -1e300, -1e300);
    });
  });

  describe('date', () => {
    it.each(['2024-02-29', '2000-02-29', '2025-12-31', ' 2025-01-01 '])('accepts %p', (value) => {
      accepts(Q.deadline, value, value.trim());
    });

    it.each(['2023-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00'])('rejects impossible date %p', (value) =>
      rejects(Q.deadline, value, 'must be a real calendar date'),
    );

    it.each(['2025-1-1', '01.02.2025', '2025-01-01T00:00:00Z', 20250101, new Date()])('rejects format %p', (value) => {
      rejects(Q.deadline, value, 'must be a date in the format YYYY-MM-DD');
    });

    it('ignores min/max', () => {
      accepts({ ...Q.deadline, min: 1, max: 2 }, '2025-06-01', '2025-06-01');
    });
  });

  describe('choice', () => {
    it('accepts an option value, trimmed', () => {
      accepts(Q.channel, ' web ', 'web');
    });

    it.each(['radio', 'Web', 'WEB', ['web'], 1])('rejects %p and lists the options', (value) => {
      rejects(Q.channel, value, 'must be one of: print, web');
    });
  });

  describe('multichoice', () => {
    it('accepts unique option values in the given order', () => {
      accepts(Q.extras, ['video', ' photo'], ['video', 'photo']);
    });

    it('rejects non-arrays, unknown values and duplicates', () => {
      rejects(Q.extras, 'photo', 'must be a list of choices');
      rejects(Q.extras, ['photo', 'vr'], 'may only contain: photo, video, audio');
      rejects(Q.extras, ['photo', 3], 'may only contain: photo, video, audio');
      rejects(Q.extras, ['photo', 'photo '], 'must not contain "photo" more than once');
    });

    it('applies min/max to the number of selections', () => {
      const bounded: Question = { ...Q.extras, min: 2, max: 2 };
      rejects(bounded, ['photo'], 'must have at least 2 choices');
      rejects(bounded, ['photo', 'video', 'audio'], 'must have at most 2 choices');
      rejects({ ...Q.extras, max: 1 }, ['photo', 'video'], 'must have at most 1 choice');
      accepts(bounded, ['audio', 'photo'], ['audio', 'photo']);
    });
  });

  describe('yesno', () => {
    it.each([
      [true, true],
      [false, false],
      ['yes', true],
      [' No ', false],
      ['YES', true],
    ])('accepts %p as %p', (value, cleaned) => accepts(Q.urgent, value, cleaned));

    it.each(['true', 'y', 1, 0, ['yes']])('rejects %p', (value) => rejects(Q.urgent, value, 'must be yes or no'));
  });

  describe('email', () => {
    it.each(['anna.svensson@kommun.se', ' it-support+print@x.example.org '])('accepts %p', (value) => {
      accepts(Q.contact, value, value.trim());
    });

    it.each(['anna', 'anna@', '@kommun.se', 'anna@kommun', 'an na@kommun.se', 'a@b@c.se', 'anna@kommun..se'])('rejects %p', (value) =>
      rejects(Q.contact, value, 'must be a valid email address, like name@example.org'),
    );

    it('limits length to 254', () => {
      const long = `${'a'.repeat(64)}@${'b'.repeat(186)}.se`;
      expect(long).toHaveLength(254);
      accepts(Q.contact, long, long);
      rejects(Q.contact, `a${long}`, 'must be at most 254 characters');
    });

    it('rejects non-strings', () => rejects(Q.contact, 42, 'must be an email address'));
  });

  describe('url', () => {
    it.each(['https://kommun.se/page?x=1', 'http://intranet.local:8080', ' https://example.org '])('accepts %p', (value) => {
      accepts(Q.site, value, value.trim());
    });

    it.each(['kommun.se', 'ftp://kommun.se', 'javascript:alert(1)', 'mailto:a@b.se', 'https://', 'http//x'])('rejects %p', (value) =>
      rejects(Q.site, value, 'must be a web address starting with http:// or https://'),
    );

    it('limits length to 2000 and rejects non-strings', () => {
      const url = `https://example.org/${'a'.repeat(1980)}`;
      expect(url).toHaveLength(2000);
      accepts(Q.site, url, url);
      rejects(Q.site, `${url}a`, 'must be at most 2000 characters');
      rejects(Q.site, {}, 'must be a web address');
    });
  });

  describe('visibility (showIf)', () => {
    const contact: Question = { ...Q.contact, required: true, showIf: { key: 'urgent', equals: true } };
    const site: Question = { ...Q.site, showIf: { key: 'channel', in: ['web'] } };
    const video: Question = {
      key: 'videoLength',
      type: 'number',
      label: 'Length',
      showIf: { key: 'extras', equals: 'video' },
    };
    const nested: Question = {
      key: 'siteOwner',
      type: 'text',
      label: 'Owner',
      required: true,
      showIf: { key: 'site', equals: 'https://x.se' },
    };
    const questions = [Q.urgent, contact, Q.channel, site, Q.extras, video, nested];

    it('requires a visible conditional question, compared against the cleaned answer', () => {
      expect(validateAnswers(questions, { urgent: 'yes' }).errors).toEqual([
        expect.objectContaining({ pointer: '/answers/contact', detail: 'is required' }),
      ]);
    });

    it('silently drops answers to hidden questions, even invalid ones', () => {
      expect(validateAnswers(questions, { urgent: false, contact: 'not an email', channel: 'print', site: 'x' })).toEqual({
        answers: { urgent: false, channel: 'print' },
        errors: [],
      });
    });

    it('hides when the referenced question is unanswered or its answer is invalid', () => {
      expect(validateAnswers(questions, { contact: 'a@b.se' })).toEqual({ answers: {}, errors: [] });
      expect(validateAnswers(questions, { urgent: 'maybe', contact: 'a@b.se' })).toEqual({
        answers: {},
        errors: [expect.objectContaining({ pointer: '/answers/urgent', detail: 'must be yes or no' })],
      });
    });

    it('matches `in` and multichoice selections', () => {
      expect(validateAnswers(questions, { channel: 'web', site: 'https://k.se' }).answers).toEqual({
        channel: 'web',
        site: 'https://k.se',
      });
      expect(validateAnswers(questions, { extras: ['photo', 'video'], videoLength: '30' }).answers).toEqual({
        extras: ['photo', 'video'],
        videoLength: 30,
      });
      expect(validateAnswers(questions, { extras: ['photo'], videoLength: '30' }).answers).toEqual({
        extras: ['photo'],
      });
    });

    it('hides transitively when the referenced question is itself hidden', () => {
      // site matches siteOwner's condition but site is hidden (channel is print), so siteOwner is too.
      const result = validateAnswers(questions, { channel: 'print', site: 'https://x.se' });
      expect(result).toEqual({ answers: { channel: 'print' }, errors: [] });
      expect(validateAnswers(questions, { channel: 'web', site: 'https://x.se' }).errors).toEqual([
        expect.objectContaining({ pointer: '/answers/siteOwner', detail: 'is required' }),
      ]);
    });

    it('visibleQuestions lists what a UI should render', () => {
      const keys = (answers: unknown) => visibleQuestions(questions, answers as Answers).map((q) => q.key);
      expect(keys({})).toEqual(['urgent', 'channel', 'extras']);
      expect(keys({ urgent: 'yes', channel: 'web', site: 'https://x.se', extras: ['video'] })).toEqual([
        'urgent',
        'contact',
        'channel',
        'site',
        'extras',
        'videoLength',
        'siteOwner',
      ]);
      expect(keys(null)).toEqual(['urgent', 'channel', 'extras']);
    });
  });
});

// ---------- property-based tests ----------

const RESERVED = ['title', 'purpose', 'desiredDate'];
const keyArb = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/).filter((k) => !RESERVED.includes(k));
// Include keys that live on Object.prototype to catch prototype-lookup bugs.
const questionKeysArb = fc.uniqueArray(fc.oneof({ weight: 5, arbitrary: keyArb }, fc.constantFrom('constructor', 'toString')), {
  maxLength: 8,
});
const optionsArb = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9 -]{0,6}[a-z0-9]$|^[a-z0-9]$/), { minLength: 1, maxLength: 5 })
  .map((values) => values.map((value) => ({ value, label: `Option ${value}` })));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const bounds = (lo: number, hi: number) =>
  fc
    .tuple(optional(fc.integer({ min: lo, max: hi })), optional(fc.integer({ min: lo, max: hi })))
    .map(([a, b]) => (a !== undefined && b !== undefined && a > b ? [b, a] : [a, b]));

/** A question of the given type, without showIf; undefined fields are removed to mimic JSON. */
function bareQuestionArb(key: string): fc.Arbitrary<Question> {
  const common = { key: fc.constant(key), label: fc.constant(`Label ${key}`), required: optional(fc.boolean()) };
  const withType = (type: QuestionType, extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
    fc.record({ ...common, type: fc.constant(type), ...extra }) as fc.Arbitrary<Question>;
  return fc
    .oneof(
      withType('text', { maxLength: optional(fc.integer({ min: 1, max: 40 })) }),
      withType('textarea', { maxLength: optional(fc.integer({ min: 1, max: 200 })) }),
      bounds(-1000, 1000).chain(([min, max]) => withType('number', { min: fc.constant(min), max: fc.constant(max) })),
      withType('date'),
      withType('choice', { options: optionsArb }),
      optionsArb.chain((opts) =>
        fc
          .tuple(optional(fc.integer({ min: 0, max: opts.length })), optional(fc.integer({ min: 1, max: 6 })))
          .filter(([min, max]) => min === undefined || max === undefined || min <= max)
          .chain(([min, max]) => withType('multichoice', { options: fc.constant(opts), min: fc.constant(min), max: fc.constant(max) })),
      ),
      withType('yesno'),
      withType('email'),
      withType('url'),
    )
    .map(stripUndefined);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Values a cleaned answer to `q` could take, so conditions are sometimes met. */
function conditionValueArb(q: Question): fc.Arbitrary<string | number | boolean> {
  switch (q.type) {
    case 'choice':
    case 'multichoice':
      return fc.constantFrom(...(q.options ?? []).map((o) => o.value));
    case 'yesno':
      return fc.boolean();
    case 'number': {
      const min = q.min ?? Math.min(-5, q.max ?? -5);
      return fc.integer({ min, max: q.max ?? min + 10 });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('a', 'x'));
  }
}

function showIfArb(earlier: Question[]): fc.Arbitrary<ShowIf | undefined> {
  if (earlier.length === 0) return fc.constant(undefined);
  const condition = fc.constantFrom(...earlier).chain((ref) =>
    fc.oneof(
      conditionValueArb(ref).map((equals): ShowIf => ({ key: ref.key, equals })),
      fc.uniqueArray(conditionValueArb(ref), { minLength: 1, maxLength: 3 }).map((values): ShowIf => ({ key: ref.key, in: values })),
    ),
  );
  return optional(condition);
}

/** Valid questionnaires: bare questions first, then conditions on earlier questions only. */
const questionnaireArb: fc.Arbitrary<Question[]> = questionKeysArb
  .chain((keys) => fc.tuple(...keys.map(bareQuestionArb)))
  .chain((bare) =>
    fc
      .tuple(...bare.map((_, i) => showIfArb(bare.slice(0, i))))
      .map((conditions) => bare.map((q, i) => (conditions[i] ? { ...q, showIf: conditions[i] } : q))),
  );

/** Whitespace padding that trimming must remove. */
const pad = (arb: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', ' ', '\t', ' \n'), arb, fc.constantFrom('', ' ', '\n')).map(([a, s, b]) => a + s + b);

/** A raw answer that must be accepted for `q` (and is never blank). */
function validValueArb(q: Question): fc.Arbitrary<unknown> {
  switch (q.type) {
    case 'text':
    case 'textarea': {
      const max = Math.min(q.maxLength ?? 500, 60);
      return pad(fc.string({ unit: 'binary', minLength: 1, maxLength: max }).filter((s) => s.trim() !== ''));
    }
    case 'number': {
      const n = fc.double({ min: q.min ?? -1e12, max: q.max ?? 1e12, noNaN: true, noDefaultInfinity: true });
      return fc.oneof(n, n.map(String));
    }
    case 'date':
      return fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'choice':
      return pad(fc.constantFrom(...(q.options ?? []).map((o) => o.value)));
    case 'multichoice': {
      const values = (q.options ?? []).map((o) => o.value);
      const minLength = Math.max(q.min ?? 0, 1);
      const maxLength = Math.min(q.max ?? values.length, values.length);
      return fc.shuffledSubarray(values, { minLength, maxLength });
    }
    case 'yesno':
      return fc.oneof(fc.boolean(), pad(fc.constantFrom('yes', 'no', 'Yes', 'NO')));
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= 254);
    case 'url':
      return fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => u.length <= 2000);
  }
}

/** Valid answers for every question, hidden ones included (those must be dropped, not rejected). */
function validAnswersArb(questions: Question[]): fc.Arbitrary<Answers> {
  return fc
    .tuple(...questions.map((q) => (q.required ? validValueArb(q) : optional(validValueArb(q)))))
    .map((values) => Object.fromEntries(questions.map((q, i) => [q.key, values[i]]).filter(([, v]) => v !== undefined)));
}

/** Reference visibility computed from the cleaned output alone. */
function expectedVisibleKeys(questions: Question[], cleaned: Answers): Set<string> {
  const visible = new Set<string>();
  for (const q of questions) {
    const c = q.showIf;
    if (c) {
      if (!visible.has(c.key) || !Object.hasOwn(cleaned, c.key)) continue;
      const answer = cleaned[c.key];
      const selections: unknown[] = Array.isArray(answer) ? answer : [answer];
      const expected = c.in ?? [c.equals];
      if (!selections.some((s) => expected.includes(s))) continue;
    }
    visible.add(q.key);
  }
  return visible;
}

describe('validateAnswers properties', () => {
  it('generated questionnaires are themselves valid', () => {
    fc.assert(
      fc.property(questionnaireArb, (questions) => {
        expect(validateQuestionnaire(questions)).toEqual([]);
      }),
    );
  });

  it('(a) never throws on arbitrary answers', () => {
    const answersArb = (questions: Question[]) =>
      fc.oneof(
        fc.anything(),
        fc.dictionary(fc.constantFrom(...questions.map((q) => q.key), 'x'), fc.anything()),
        validAnswersArb(questions),
      );
    fc.assert(
      fc.property(
        questionnaireArb.chain((qs) => fc.tuple(fc.constant(qs), answersArb(qs))),
        ([questions, answers]) => {
          const result = validateAnswers(questions, answers);
          for (const e of result.errors) expect(e.pointer).toMatch(/^\/answers(\/|$)/);
          expect(visibleQuestions(questions, answers as Answers)).toBeInstanceOf(Array);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('(b) valid answers to a valid questionnaire produce no errors', () => {
    fc.assert(
      fc.property(
        questionnaireArb.chain((qs) => fc.tuple(fc.constant(qs), validAnswersArb(qs))),
        ([questions, answers]) => {
          expect(validateAnswers(questions, answers).errors).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('(d) answers to hidden questions never appear in the output', () => {
    // Mix valid answers with junk so visibility also depends on rejected answers.
    const mixedArb = (questions: Question[]) =>
      fc
        .tuple(
          validAnswersArb(questions),
          fc.dictionary(fc.constantFrom(...questions.map((q) => q.key), 'x'), fc.anything(), { maxKeys: 2 }),
        )
        .map(([valid, junk]) => ({ ...valid, ...junk }));
    fc.assert(
      fc.property(
        questionnaireArb.chain((qs) => fc.tuple(fc.constant(qs), mixedArb(qs))),
        ([questions, answers]) => {
          const { answers: cleaned } = validateAnswers(questions, answers);
          const visible = expectedVisibleKeys(questions, cleaned);
          for (const key of Object.keys(cleaned)) expect(visible.has(key)).toBe(true);
          expect(visibleQuestions(questions, answers).map((q) => q.key)).toEqual([...visible]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cleaning is idempotent: cleaned answers validate to themselves', () => {
    fc.assert(
      fc.property(
        questionnaireArb.chain((qs) => fc.tuple(fc.constant(qs), validAnswersArb(qs))),
        ([questions, answers]) => {
          const first = validateAnswers(questions, answers).answers;
          expect(validateAnswers(questions, first)).toEqual({ answers: first, errors: [] });
        },
      ),
      { numRuns: 200 },
    );
  });
});
