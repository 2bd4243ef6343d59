/**
 * Grading a lab: `dlab grade` (a class's submissions → grades.csv and feedback) and
 * `dlab validate` (a student's own notebook, before handing in).
 */
export { gradeMain, GRADE_USAGE, VALIDATE_USAGE } from "./cli";
export { gradeLab } from "./grade";
export type { GradeOptions, GradeReport } from "./grade";
export { validateNotebook } from "./validate";
export type { ValidateOptions } from "./validate";
