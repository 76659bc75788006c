import { DeclinedRecommendation, servicePatterns, UnachievedPurpose } from './loop-patterns';

const declined = (serviceId: string, n: number): DeclinedRecommendation => ({
  serviceId,
  service: `Service ${serviceId}`,
  recommendationId: `${serviceId}-r${n}`,
  text: 'Order earlier',
  reason: 'We cannot',
  orderId: `${serviceId}-o${n}`,
  reference: `REF-${n}`,
});
const unachieved = (serviceId: string, n: number): UnachievedPurpose => ({
  serviceId,
  service: `Service ${serviceId}`,
  orderId: `${serviceId}-o${n}`,
  reference: `REF-${n}`,
  title: 'Flyer',
  purpose: 'More parents come',
  outcome: null,
});

describe('servicePatterns', () => {
  it('keeps what happened at least twice for a service, most first', () => {
    const patterns = servicePatterns(
      [declined('a', 1), declined('a', 2), declined('b', 1), declined('c', 1), declined('c', 2), declined('c', 3)],
      [unachieved('b', 1), unachieved('b', 2), unachieved('a', 1)],
    );
    expect(patterns.map((p) => [p.serviceId, p.declined.length, p.notAchieved.length])).toEqual([
      ['c', 3, 0],
      ['a', 2, 0],
      ['b', 0, 2],
    ]);
  });

  it('finds no pattern in single events', () => {
    expect(servicePatterns([declined('a', 1)], [unachieved('b', 1)])).toEqual([]);
  });
});
