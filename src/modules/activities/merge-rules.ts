/**
 * Which of two enrolments of the same person on the same activity a merge keeps: the one with more
 * attendance marks, else the first (the person kept).
 */
export function enrolmentToKeep<T extends { marks: number }>(kept: T, merged: T): 'kept' | 'merged' {
  return merged.marks > kept.marks ? 'merged' : 'kept';
}

/** A mark's weight when two marks for the same session must become one: attendance wins. */
const markRank = { present: 3, apologies: 2, absent: 1 } as const;
export function betterMark<S extends keyof typeof markRank>(a: S, b: S): S {
  return markRank[b] > markRank[a] ? b : a;
}
