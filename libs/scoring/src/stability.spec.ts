import { roundScore, smoothScore } from './stability';

describe('stability', () => {
  it.each([
    [50, undefined, 50],
    [50, NaN, 50],
    [50, 40, 43],
    [0, 100, 70],
    [100, 100, 100],
  ])('publishes %d today after %s as %d', (today, previous, published) => {
    expect(smoothScore(today, previous)).toBeCloseTo(published, 12);
  });

  it('converges on a steady daily score', () => {
    let published: number | undefined;
    for (let day = 0; day < 40; day++) published = smoothScore(80, published ?? 20);
    expect(published).toBeCloseTo(80, 4);
  });

  it('rounds to one decimal', () => {
    expect(roundScore(43.25)).toBe(43.3);
    expect(roundScore(43.24)).toBe(43.2);
  });
});
