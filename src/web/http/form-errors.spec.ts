import { validateAnswers } from '../../catalog/domain/validate-answers';
import type { Question } from '../../catalog/domain/question';
import { en } from '../i18n/en';
import { translator } from '../i18n/i18n';
import { describeFieldError, fieldId, formErrors, formVersion, parseForm } from './form-errors';
import { ReasonDto } from '../../orders/orders.dto';
import { DomainError, FieldError } from '../../common/domain-error';
import { FIELD_ERROR_CODES } from '../../common/field-error';
import { CreateServiceDto } from '../../catalog/catalog.dto';
import { hasMessage } from '../i18n/i18n';

const t = translator('en');
const generic = t('validation.invalid', { field: 'X' });

describe('API field errors in the reader’s words', () => {
  const questions: Question[] = [
    { key: 'copies', type: 'number', label: 'Copies', required: true, min: 1, max: 10 },
    { key: 'size', type: 'choice', label: 'Size', required: true, options: [{ value: 'a4', label: 'A4' }] },
    {
      key: 'extras',
      type: 'multichoice',
      label: 'Extras',
      min: 1,
      max: 1,
      options: [
        { value: 'x', label: 'X' },
        { value: 'y', label: 'Y' },
      ],
    },
    { key: 'printed', type: 'yesno', label: 'Printed', required: true },
    { key: 'when', type: 'date', label: 'When' },
    { key: 'mail', type: 'email', label: 'Mail' },
    { key: 'site', type: 'url', label: 'Site' },
    { key: 'note', type: 'text', label: 'Note', maxLength: 3 },
  ];

  it.each([
    [{}, 'Fill in “Copies”'],
    [{ copies: 'many' }, '“Copies” must be a number'],
    [{ copies: 0 }, '“Copies” must be 1 or more'],
    [{ copies: 11 }, '“Copies” must be 10 or less'],
    [{ size: 'a3' }, 'Choose one of the options for “Size”'],
    [{ extras: ['x', 'y'] }, 'Choose at most 1 options for “Extras”'],
    [{ extras: [] as string[] }, null],
    [{ printed: 'maybe' }, 'Choose yes or no for “Printed”'],
    [{ when: '2026-02-30' }, '“When” must be a real date'],
    [{ when: 'tomorrow' }, '“When” must be a real date'],
    [{ mail: 'nope' }, 'Enter an email address in the correct format, like name@example.org, for “Mail”'],
    [{ site: 'ftp://x' }, 'Enter a web address starting with https:// for “Site”'],
    [{ note: 'long' }, '“Note” must be 3 characters or fewer'],
    [{ unknown: 1 }, 'This question is not part of the form'],
  ])('%j → %s', (answers, expected) => {
    const base = { copies: 1, size: 'a4', printed: true };
    const { errors } = validateAnswers(questions, { ...base, ...answers, ...(Object.keys(answers).length ? {} : { copies: undefined }) });
    const messages = errors.map((e) => describeFieldError(t, e, questions.find((q) => e.pointer.endsWith(`/${q.key}`))?.label ?? 'X'));
    if (expected === null) expect(messages).toEqual([]);
    else expect(messages).toContain(expected);
  });

  it('names every message the answer validator can give (no generic fallback)', () => {
    const bad: Record<string, unknown> = {
      copies: 'x',
      size: 'zz',
      extras: 'x',
      printed: 'x',
      when: 'x',
      mail: 'x',
      site: 'x',
      note: 'xxxxx',
    };
    const { errors } = validateAnswers(questions, bad);
    expect(errors.length).toBeGreaterThan(6);
    for (const e of errors) expect(describeFieldError(t, e, 'X')).not.toBe(generic);
  });

  it('says "choose" for fields answered by choosing', () => {
    const errors = formErrors(
      t,
      [{ pointer: '/answers/size', code: 'required', detail: 'is required' }],
      () => 'Size',
      fieldId,
      () => true,
    );
    expect(errors.list).toEqual([{ text: 'Choose an answer to “Size”', href: '#answers-size' }]);
    expect(errors.byField['answers-size'].text).toBe('Choose an answer to “Size”');
  });

  it('maps the DTO messages of the forms (class-validator) too', async () => {
    const error = await parseForm(ReasonDto, { version: '3', reason: '' }, { numbers: ['version'] }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    const [first] = (error as DomainError).errors;
    expect(first.pointer).toBe('/reason');
    expect(describeFieldError(t, first, 'Reason')).toBe('Fill in “Reason”');
  });
});

describe('field errors are translated by their code, never by their English', () => {
  it('has a message for every code in every language', () => {
    for (const code of FIELD_ERROR_CODES) expect(hasMessage(`validation.${code}`)).toBe(true);
  });

  // What a library upgrade that rewords its English would send: the code and limit stay.
  const reworded: FieldError = {
    pointer: '/title',
    code: 'maxLength',
    params: { max: 200 },
    detail: 'is way too long, sorry (library v99)',
  };

  it.each([
    ['en', 'Title', '“Title” must be 200 characters or fewer'],
    ['fi', 'Otsikko', '”Otsikko”: enintään 200 merkkiä'],
    ['sv', 'Rubrik', '”Rubrik” får ha högst 200 tecken'],
  ] as const)('%s: a reworded detail still reads right', (language, label, expected) => {
    expect(describeFieldError(translator(language), reworded, label)).toBe(expected);
    expect(formErrors(translator(language), [reworded], () => label).list).toEqual([{ text: expected, href: '#title' }]);
  });

  it('takes the limits from the decorators, not from the message', async () => {
    const error = await parseForm(CreateServiceDto, {
      supportUnitId: 'not-a-uuid',
      name: 'x'.repeat(500),
      description: 'd',
      targetLeadTimeDays: 'soon',
    }).catch((e: DomainError) => e);
    const byPointer = Object.fromEntries((error as DomainError).errors.map((e) => [e.pointer, e]));
    expect(byPointer['/supportUnitId']).toMatchObject({ code: 'uuid' });
    expect(byPointer['/name']).toMatchObject({ code: 'maxLength', params: { max: 200 } });
    expect(byPointer['/targetLeadTimeDays'].code).toMatch(/^(integer|number|min)$/);
  });

  it('gives every answer-validator error a code of its own (no generic fallback)', () => {
    const { errors } = validateAnswers([{ key: 'n', type: 'number', label: 'N', min: 2 }], { n: 1, zz: 1 });
    expect(errors.map((e) => e.code).sort()).toEqual(['min', 'unknownQuestion']);
    expect(errors.find((e) => e.code === 'min')?.params).toEqual({ min: 2 });
  });
});

describe('forms send strings', () => {
  it('turns version=3 into the number 3 for the service, through the API’s DTO', async () => {
    const dto = await parseForm(ReasonDto, { version: '3', reason: 'Plans changed', _csrf: 'x' }, { numbers: ['version'] });
    expect(dto.version).toBe(3);
    expect(dto).not.toHaveProperty('_csrf');
    expect(formVersion({ version: '7' })).toBe(7);
  });

  it.each(['', 'abc', '1.5', '0', '-2'])('refuses version=%j by name', (version) => {
    expect(() => formVersion({ version })).toThrow(DomainError);
  });

  it('keeps every catalog key used by the mapping', () => {
    for (const key of ['validation.required', 'validation.chooseRequired', 'validation.invalid'] as const) expect(en[key]).toBeTruthy();
  });
});
