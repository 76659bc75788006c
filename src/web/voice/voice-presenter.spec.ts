import type { IdeaView } from '../../ideas/ideas.service';
import { Formats, translator } from '../i18n/i18n';
import { ideaStatusTag, linkText, resultView } from './voice-presenter';

const t = translator('en');
const fmt = new Formats('en');

describe('voice presenter', () => {
  it('shows an open idea past its date as unanswered, in red, whatever its status says', () => {
    expect(ideaStatusTag({ status: 'open', unanswered: true }, t)).toEqual({ text: 'Unanswered past its date', classes: 'govuk-tag--red' });
    expect(ideaStatusTag({ status: 'open', unanswered: false }, t).text).toBe('Waiting for an answer');
    expect(ideaStatusTag({ status: 'declined', unanswered: false }, t)).toEqual({ text: 'Declined', classes: 'govuk-tag--grey' });
  });

  it('says what an idea changed in words', () => {
    const base: IdeaView['links'][number] = {
      id: 'l',
      kind: 'question',
      serviceId: 's',
      questionKey: 'audience',
      recommendationId: null,
      note: 'Asked on every order now',
      createdAt: new Date(),
    };
    const names = new Map([['s', 'Printed flyer']]);
    expect(linkText(base, names, t)).toEqual({
      text: 'The question “audience” of Printed flyer was added or changed',
      note: 'Asked on every order now',
    });
    expect(linkText({ ...base, kind: 'service', questionKey: null }, names, t).text).toBe('The service Printed flyer was changed');
  });

  it('gives counts with their shares, an average, or the texts', () => {
    const counts = resultView(
      {
        key: 'y',
        label: 'More?',
        type: 'yesno',
        answered: 4,
        counts: [
          { value: 'yes', label: 'yes', count: 3 },
          { value: 'no', label: 'no', count: 1 },
        ],
        average: null,
        texts: null,
      },
      t,
      fmt,
    );
    expect(counts.counts).toEqual([
      { label: 'Yes', count: '3', share: '75 %' },
      { label: 'No', count: '1', share: '25 %' },
    ]);
    expect(counts.average).toBeNull();
    const numbers = resultView({ key: 'n', label: 'Score', type: 'number', answered: 0, counts: null, average: null, texts: null }, t, fmt);
    expect(numbers.average).toBe('–');
  });
});
