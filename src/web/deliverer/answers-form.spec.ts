import type { Question } from '../../catalog/domain/question';
import { translator } from '../i18n/i18n';
import { formatAnswer, suggestedAnswersFromForm, suggestionFields } from './answers-form';

const QUESTIONS: Question[] = [
  { key: 'copies', type: 'number', label: 'Copies' },
  { key: 'printed', type: 'yesno', label: 'Printed' },
  {
    key: 'channels',
    type: 'multichoice',
    label: 'Channels',
    options: [
      { value: 'web', label: 'Web' },
      { value: 'mail', label: 'Mail' },
    ],
  },
  { key: 'size', type: 'choice', label: 'Size', options: [{ value: 'a5', label: 'A5' }] },
  { key: 'notes', type: 'textarea', label: 'Notes' },
];

describe('suggested answers from the advice form', () => {
  it('keeps only the questions given a suggestion, each in its type', () => {
    const body = {
      'answers[copies]': '40',
      'answers[printed]': 'no',
      'answers[channels]': ['web', 'mail'],
      'answers[size]': '',
      'answers[notes]': '  shorter text  ',
      'answers[unknown]': 'x',
    };
    expect(suggestedAnswersFromForm(body, QUESTIONS)).toEqual({
      copies: 40,
      printed: false,
      channels: ['web', 'mail'],
      notes: 'shorter text',
    });
  });

  it('suggests nothing when every question is left empty', () => {
    expect(suggestedAnswersFromForm({ 'answers[copies]': ' ', 'answers[printed]': '' }, QUESTIONS)).toBeUndefined();
  });

  it('shows what is answered now, in the page language, and keeps what was posted', () => {
    const t = translator('fi');
    const fields = suggestionFields(QUESTIONS, { printed: true, channels: ['web'] }, { 'answers[printed]': 'no' }, t);
    expect(fields.find((f) => f.name === 'answers[printed]')).toMatchObject({
      kind: 'radios',
      hint: 'Nykyinen vastaus: Kyllä',
      items: [
        expect.objectContaining({ value: 'yes', checked: false }),
        expect.objectContaining({ value: 'no', checked: true }),
        expect.anything(),
      ],
    });
    expect(formatAnswer(QUESTIONS[2], ['web', 'mail'], t)).toBe('Web, Mail');
  });
});
