/** Rows of a sparse matrix (CSR): row r's entries are `columns/values[offsets[r] .. offsets[r+1])`. */
export interface SparseRows {
  rows: number;
  /** Columns of the matrix; the bias is an extra column at this index. */
  width: number;
  offsets: Int32Array;
  columns: Int32Array;
  values: Float32Array;
}

export interface SvmOptions {
  /** Penalty of a positive / negative example's loss (larger: fit the data more closely). */
  cPositive: number;
  cNegative: number;
  /** Passes over the data at most. */
  maxEpochs?: number;
  /** Stops when the projected gradient's spread falls below this. */
  tolerance?: number;
  /** Seed of the visiting order, so that training is repeatable. */
  seed?: number;
  /**
   * Dual variables to start from (one per row, ≥ 0), e.g. those of the last
   * training for the rows it shared with this one: a retrain after a few
   * new posts then converges in a few passes instead of a dozen.
   */
  start?: ArrayLike<number>;
}

/** A trained scorer: weights (`width + 1` long, the last being the bias) and the dual variables, to warm-start the next training. */
export interface SvmResult {
  weights: Float64Array;
  alpha: Float64Array;
}

/** Squared norm of each row, plus 1 for the bias column. */
export function rowNorms(rows: SparseRows): Float64Array {
  const norms = new Float64Array(rows.rows);
  for (let row = 0; row < rows.rows; row += 1) {
    let sum = 1;
    for (let entry = rows.offsets[row] ?? 0; entry < (rows.offsets[row + 1] ?? 0); entry += 1) sum += (rows.values[entry] ?? 0) ** 2;
    norms[row] = sum;
  }
  return norms;
}

/** Deterministic 32-bit generator (mulberry32): the visiting order must not depend on Math.random. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A linear SVM with squared hinge loss and L2 regularisation, trained by
 * dual coordinate descent (Hsieh et al. 2008, the method of LIBLINEAR's
 * `-s 1`). `labels[r]` is +1 or -1. Returns the weights, `width + 1` long,
 * the last being the bias, and the dual variables. `norms` comes from `rowNorms(rows)` (shared by
 * the classes of a one-vs-rest model).
 */
export function trainLinearSvm(rows: SparseRows, labels: Int8Array, norms: Float64Array, options: SvmOptions): SvmResult {
  const { offsets, columns, values } = rows;
  const weights = new Float64Array(rows.width + 1);
  const bias = rows.width;
  const alpha = new Float64Array(rows.rows);
  if (options.start) {
    for (let row = 0; row < rows.rows; row += 1) {
      const value = Math.max(0, options.start[row] ?? 0);
      if (value === 0) continue;
      alpha[row] = value;
      const step = value * (labels[row] ?? 0);
      for (let entry = offsets[row] ?? 0; entry < (offsets[row + 1] ?? 0); entry += 1) {
        const column = columns[entry] ?? 0;
        weights[column] = (weights[column] ?? 0) + step * (values[entry] ?? 0);
      }
      weights[bias] = (weights[bias] ?? 0) + step;
    }
  }
  const diagonal = (label: number): number => 1 / (2 * (label > 0 ? options.cPositive : options.cNegative));
  const order = Int32Array.from({ length: rows.rows }, (_, index) => index);
  const random = generator(options.seed ?? 1);
  const maxEpochs = options.maxEpochs ?? 50;
  const tolerance = options.tolerance ?? 0.1;
  // Shrinking (as LIBLINEAR): a row at zero whose gradient is beyond last pass's range leaves the active set.
  let active = order.length;
  let largestBefore = Infinity;
  for (let epoch = 0; epoch < maxEpochs; epoch += 1) {
    for (let index = active - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      const swap = order[index] ?? 0;
      order[index] = order[other] ?? 0;
      order[other] = swap;
    }
    let largest = -Infinity;
    let smallest = Infinity;
    for (let position = 0; position < active; position += 1) {
      const row = order[position] ?? 0;
      const label = labels[row] ?? 0;
      const start = offsets[row] ?? 0;
      const end = offsets[row + 1] ?? 0;
      let product = weights[bias] ?? 0;
      for (let entry = start; entry < end; entry += 1) product += (weights[columns[entry] ?? 0] ?? 0) * (values[entry] ?? 0);
      const d = diagonal(label);
      const previous = alpha[row] ?? 0;
      const gradient = label * product - 1 + d * previous;
      let projected = gradient;
      if (previous === 0) {
        if (gradient > largestBefore) {
          active -= 1;
          order[position] = order[active] ?? 0;
          order[active] = row;
          position -= 1;
          continue;
        }
        projected = Math.min(gradient, 0);
      }
      if (projected > largest) largest = projected;
      if (projected < smallest) smallest = projected;
      if (Math.abs(projected) < 1e-12) continue;
      const next = Math.max(previous - gradient / ((norms[row] ?? 1) + d), 0);
      alpha[row] = next;
      const step = (next - previous) * label;
      for (let entry = start; entry < end; entry += 1) {
        const column = columns[entry] ?? 0;
        weights[column] = (weights[column] ?? 0) + step * (values[entry] ?? 0);
      }
      weights[bias] = (weights[bias] ?? 0) + step;
    }
    if (largest - smallest <= tolerance) {
      if (active === order.length) break;
      // Converged on the active rows: check every row once more.
      active = order.length;
      largestBefore = Infinity;
      continue;
    }
    largestBefore = largest <= 0 ? Infinity : largest;
  }
  return { weights, alpha };
}
