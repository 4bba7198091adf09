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
