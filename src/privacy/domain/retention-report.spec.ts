import { retentionReport } from './retention-report';

describe('retentionReport: what `npm run retention` prints', () => {
  const orders = [
    { reference: 'COM-2021-0001', finishedAt: new Date('2021-03-04T10:00:00Z') },
    { reference: 'COM-2021-0002', finishedAt: new Date('2021-05-06T23:59:00Z') },
  ];

  it('lists each order, then what a dry run would remove', () => {
    expect(retentionReport(orders, { files: 2, messageTexts: 5, feedbackComments: 0 }, true)).toEqual([
      'COM-2021-0001\tfinished 2021-03-04',
      'COM-2021-0002\tfinished 2021-05-06',
      'Would remove the personal data of 2 order(s): 2 files, 5 messageTexts.',
    ]);
  });

  it('says what a real run removed, and that nothing was found', () => {
    expect(retentionReport(orders.slice(0, 1), { files: 1 }, false).at(-1)).toBe('Removed the personal data of 1 order(s): 1 files.');
    expect(retentionReport([], {}, true)).toEqual(['Would remove the personal data of 0 order(s).']);
  });
});
