/** A measured figure next to its goal, so anyone can list what falls short: `{"value": …, "goal": "…", "met": true|false}`. */
export interface GoalFigure {
  value: number;
  goal: string;
  met: boolean;
}

/** `value` against a goal of at least `minimum`. */
export function atLeast(value: number, minimum: number): GoalFigure {
  return { value, goal: `>= ${minimum}`, met: value >= minimum };
}

/** `value` against a goal of less than `maximum`. */
export function under(value: number, maximum: number): GoalFigure {
  return { value, goal: `< ${maximum}`, met: value < maximum };
}
