import { describe, expect, it } from 'vitest';
import { balancedPoints, calibrated, fitCalibration } from './platt-calibration.js';

describe('fitCalibration', () => {
  it('puts 50% where positives and negatives are equally likely, whatever their counts', () => {
    // Ten times more negatives than positives: balanced weights keep the midpoint between the groups.
    const positives = [1, 1.5, 2, 2.5, 3];
    const negatives = Array.from({ length: 50 }, (_, index) => -3 + (index % 5) * 0.5);
    const calibration = fitCalibration(balancedPoints(positives, negatives));
    expect(calibration.slope).toBeGreaterThan(0);
    const middle = -calibration.intercept / calibration.slope;
    expect(middle).toBeGreaterThan(-1);
    expect(middle).toBeLessThan(1);
    expect(calibrated(calibration, 3)).toBeGreaterThan(0.9);
    expect(calibrated(calibration, -3)).toBeLessThan(0.1);
  });

  it('stays near the prior when there is almost nothing to fit', () => {
    const prior = { slope: 2, intercept: -1 };
    const fitted = fitCalibration(balancedPoints([0.5], [0.4]), prior, 5);
    expect(Math.abs(fitted.slope - prior.slope)).toBeLessThan(0.2);
    expect(Math.abs(fitted.intercept - prior.intercept)).toBeLessThan(0.2);
  });
});

describe('calibrated', () => {
  it('is the logistic function of slope × value + intercept', () => {
    expect(calibrated({ slope: 2, intercept: -1 }, 0.5)).toBe(0.5);
    expect(calibrated({ slope: 1, intercept: 0 }, Math.log(3))).toBeCloseTo(0.75, 12);
    expect(calibrated({ slope: -1, intercept: 0 }, Math.log(3))).toBeCloseTo(0.25, 12);
  });
});

describe('balancedPoints', () => {
  it('weighs the positives and the negatives so that each group sums to 1', () => {
    expect(balancedPoints([1, 2], [3, 4, 5, 6])).toEqual([
      { value: 1, positive: true, weight: 0.5 },
      { value: 2, positive: true, weight: 0.5 },
      { value: 3, positive: false, weight: 0.25 },
      { value: 4, positive: false, weight: 0.25 },
      { value: 5, positive: false, weight: 0.25 },
      { value: 6, positive: false, weight: 0.25 },
    ]);
    expect(balancedPoints([], [])).toEqual([]);
    expect(balancedPoints([], [7])).toEqual([{ value: 7, positive: false, weight: 1 }]);
  });
});

describe('fitCalibration at its optimum', () => {
  /** Gradient of the weighted log loss plus the pull towards the prior. */
  function gradient(points: ReturnType<typeof balancedPoints>, fitted: { slope: number; intercept: number }, prior: { slope: number; intercept: number }, pull: number): [number, number] {
    let slope = pull * (fitted.slope - prior.slope);
    let intercept = pull * (fitted.intercept - prior.intercept);
    for (const point of points) {
      const error = (calibrated(fitted, point.value) - (point.positive ? 1 : 0)) * point.weight;
      slope += error * point.value;
      intercept += error;
    }
    return [slope, intercept];
  }

  it('zeroes the gradient of the loss on overlapping classes, with or without a strong pull', () => {
    const points = balancedPoints([0.2, 1.1, 2.5, -0.4, 3], [-2, -0.5, 0.3, 1.4, -3.2, -1, 0.6]);
    for (const [prior, pull] of [
      [{ slope: 1, intercept: 0 }, 1e-3],
      [{ slope: 4, intercept: 2 }, 0.5],
    ] as const) {
      const fitted = fitCalibration(points, prior, pull);
      const [slope, intercept] = gradient(points, fitted, prior, pull);
      expect(Math.abs(slope)).toBeLessThan(1e-9);
      expect(Math.abs(intercept)).toBeLessThan(1e-9);
      expect(fitted).not.toEqual(prior);
    }
  });

  it('keeps the prior when the points cannot tell slope from intercept and there is no pull', () => {
    expect(fitCalibration(balancedPoints([0], [0]), { slope: 2, intercept: -1 }, 0)).toEqual({ slope: 2, intercept: -1 });
  });
});
