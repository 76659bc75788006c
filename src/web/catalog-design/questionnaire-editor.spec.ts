import type { Question } from '../../catalog/domain/question';
import { validateQuestionnaire } from '../../catalog/domain/validate-questionnaire';
import { changesSince, EMPTY_QUESTION_FORM, formFieldOf, moved, questionFormOf, questionFrom } from './questionnaire-editor';

const SIZE: Question = {
  key: 'size',
  type: 'choice',
  label: 'Size',
  options: [
    { value: 'a3', label: 'A3' },
    { value: 'a2', label: 'A2' },
  ],
};

describe('questionnaire editor', () => {
  it('turns a form into a question: options by line, numbers typed, one condition value as equals, several as in', () => {
    const q = questionFrom({ ...EMPTY_QUESTION_FORM, key: 'size', type: 'choice', label: 'Size', options: 'a3 | A3\n\n a2|A2 \nA1' }, []);
    expect(q.options).toEqual([
      { value: 'a3', label: 'A3' },
      { value: 'a2', label: 'A2' },
      { value: 'A1', label: 'A1' },
    ]);
    const yesno: Question = { key: 'outdoor', type: 'yesno', label: 'Outdoors?' };
    expect(
      questionFrom({ ...EMPTY_QUESTION_FORM, key: 'l', type: 'yesno', label: 'L', showIfKey: 'outdoor', showIfValues: 'yes' }, [yesno])
        .showIf,
    ).toEqual({
      key: 'outdoor',
      equals: true,
    });
    expect(
      questionFrom({ ...EMPTY_QUESTION_FORM, key: 'l', type: 'text', label: 'L', showIfKey: 'size', showIfValues: 'a3, a2' }, [SIZE])
        .showIf,
    ).toEqual({
      key: 'size',
      in: ['a3', 'a2'],
    });
    // A limit that is not a number goes as typed, for the validator to name.
    const bad = questionFrom({ ...EMPTY_QUESTION_FORM, key: 'n', type: 'number', label: 'N', max: 'many', min: '2' }, []);
    expect(bad).toMatchObject({ min: 2, max: 'many' });
    expect(validateQuestionnaire([bad])).toEqual([expect.objectContaining({ pointer: '/questions/0/max', detail: 'must be a number' })]);
  });

  it('round-trips a stored question through its form', () => {
    const lamination: Question = {
      key: 'lam',
      type: 'yesno',
      label: 'Laminated?',
      help: 'Lasts outdoors',
      required: true,
      showIf: { key: 'size', in: ['a2', 'a3'] },
    };
    for (const q of [SIZE, lamination, { key: 'n', type: 'number', label: 'N', min: 1, max: 9 } as Question]) {
      expect(questionFrom(questionFormOf(q), [SIZE])).toEqual(q);
    }
  });

  it('maps validator pointers to the form’s fields, and moves within bounds', () => {
    expect(formFieldOf('/questions/2/showIf/key', 2)).toBe('showIfKey');
    expect(formFieldOf('/questions/2/showIf/in/0', 2)).toBe('showIfValues');
    expect(formFieldOf('/questions/2/options/1/value', 2)).toBe('options');
    expect(formFieldOf('/questions/1/key', 2)).toBeNull();
    expect(formFieldOf('/questions/12/key', 1)).toBeNull();
    expect(moved([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(moved([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
    expect(moved([1, 2, 3], 1, -1)).toEqual([2, 1, 3]);
  });

  it('says what publishing changes: added, removed, changed by key (key order in stored JSON aside), reordered', () => {
    const copies: Question = { key: 'copies', type: 'number', label: 'Copies' };
    const reordered = { options: SIZE.options, label: 'Size', type: 'choice', key: 'size' } as Question;
    expect(changesSince([SIZE, copies], [copies, reordered])).toEqual({ added: [], removed: [], changed: [], reordered: true });
    const changes = changesSince(
      [SIZE, copies],
      [
        { ...SIZE, label: 'Poster size' },
        { key: 'new', type: 'text', label: 'New' },
      ],
    );
    expect(changes.added.map((q) => q.key)).toEqual(['new']);
    expect(changes.removed.map((q) => q.key)).toEqual(['copies']);
    expect(changes.changed.map((q) => q.key)).toEqual(['size']);
    expect(changes.reordered).toBe(false);
  });
});
