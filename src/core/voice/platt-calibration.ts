/** Maps a decision value to a probability: 1 / (1 + exp(-(slope * value + intercept))). */
export interface Calibration {
  slope: number;
  intercept: number;
}

/** A scored example for calibration: its decision value, whether it is a positive, and its weight. */
export interface CalibrationPoint {
  value: number;
  positive: boolean;
  weight: number;
}

export function calibrated(calibration: Calibration, value: number): number {
  return 1 / (1 + Math.exp(-(calibration.slope * value + calibration.intercept)));
}

/**
 * Platt scaling by Newton's method on the weighted log loss, with an L2 pull
 * of strength `pull` towards `prior` (so that a class with few held-out
 * examples stays near the pooled fit). Weights let positives and negatives
 * count equally: then 50% means as likely one as the other.
 */
export function fitCalibration(points: readonly CalibrationPoint[], prior: Calibration = { slope: 1, intercept: 0 }, pull = 1e-3): Calibration {
  let slope = prior.slope;
  let intercept = prior.intercept;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    let gradientSlope = pull * (slope - prior.slope);
    let gradientIntercept = pull * (intercept - prior.intercept);
    let hessianSS = pull;
    let hessianSI = 0;
    let hessianII = pull;
    for (const point of points) {
      const probability = 1 / (1 + Math.exp(-(slope * point.value + intercept)));
      const error = (probability - (point.positive ? 1 : 0)) * point.weight;
      const curvature = Math.max(probability * (1 - probability), 1e-9) * point.weight;
      gradientSlope += error * point.value;
      gradientIntercept += error;
      hessianSS += curvature * point.value * point.value;
      hessianSI += curvature * point.value;
      hessianII += curvature;
    }
    const determinant = hessianSS * hessianII - hessianSI * hessianSI;
    if (Math.abs(determinant) < 1e-12) break;
    const stepSlope = (hessianII * gradientSlope - hessianSI * gradientIntercept) / determinant;
    const stepIntercept = (hessianSS * gradientIntercept - hessianSI * gradientSlope) / determinant;
    slope -= stepSlope;
    intercept -= stepIntercept;
    if (Math.abs(stepSlope) + Math.abs(stepIntercept) < 1e-7) break;
  }
  return { slope, intercept };
}

/** Weights that make the positives and the negatives each sum to 1. */
export function balancedPoints(positives: readonly number[], negatives: readonly number[]): CalibrationPoint[] {
  return [
    ...positives.map((value) => ({ value, positive: true, weight: 1 / Math.max(1, positives.length) })),
    ...negatives.map((value) => ({ value, positive: false, weight: 1 / Math.max(1, negatives.length) })),
  ];
}
