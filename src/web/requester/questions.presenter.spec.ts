import type { Question } from '../../catalog/domain/question';
import { validateAnswers } from '../../catalog/domain/validate-answers';
import { NO_ERRORS } from '../http/form-errors';
import { translator } from '../i18n/i18n';
import { answersFromForm, questionFields } from './questions.presenter';

const questions: Question[] = [
  { key: 'copies', type: 'number', label: 'Copies', required: true },
  { key: 'printed', type: 'yesno', label: 'Printed', required: true },
  { key: 'paper', type: 'choice', label: 'Paper', options: [{ value: 'matte', label: 'Matte' }], showIf: { key: 'printed', equals: true } },
  {
    key: 'extras',
    type: 'multichoice',
    label: 'Extras',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
  },
  { key: 'note', type: 'textarea', label: 'Note' },
];

describe('answers from a posted form', () => {
  it('types them as the API takes them and leaves unanswered questions out', () => {
    const body = {
      'answers[copies]': '200',
      'answers[printed]': 'no',
      'answers[paper]': 'matte',
      'answers[extras][]': ['a', 'b'],
      'answers[note]': '  ',
    };
    expect(answersFromForm(questions, body)).toEqual({ copies: 200, printed: false, paper: 'matte', extras: ['a', 'b'] });
  });

  it('keeps what does not parse as typed, for the validator to name', () => {
    expect(answersFromForm(questions, { 'answers[copies]': '1,5', 'answers[extras][]': 'a' })).toEqual({ copies: '1,5', extras: ['a'] });
  });

  it('gives the same answers as the API after a form without JavaScript: a question that does not apply is dropped', () => {
    const answers = answersFromForm(questions, { 'answers[copies]': '1', 'answers[printed]': 'no', 'answers[paper]': 'matte' });
    expect(validateAnswers(questions, answers).answers).toEqual({ copies: 1, printed: false });
  });
});

describe('question fields', () => {
  it('says without JavaScript when a showIf question applies, and marks optional ones', () => {
    const fields = questionFields(questions, { printed: true }, NO_ERRORS, translator('fi'));
    const paper = fields.find((f) => f.key === 'paper')!;
    expect(paper.showIf).toEqual({ key: 'printed', values: '["yes"]', hint: 'Vastaa vain, jos vastasit ”Kyllä” kysymykseen ”Printed”.' });
    expect(paper.label).toBe('Paper (vapaaehtoinen)');
    expect(fields.find((f) => f.key === 'printed')!.items.map((i) => [i.value, i.checked])).toEqual([
      ['yes', true],
      ['no', false],
    ]);
  });
});
