// Questionnaire model shared by the catalogue (service definitions) and orders (answers).
// Plain data so it can be stored as JSON and validated without any framework.

export const QUESTION_TYPES = ['text', 'textarea', 'number', 'date', 'choice', 'multichoice', 'yesno', 'email', 'url'] as const;

export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface QuestionOption {
  value: string;
  label: string;
}

/** Show the question only when an earlier question's answer matches. */
export interface ShowIf {
  key: string;
  equals?: unknown;
  in?: unknown[];
}

export interface Question {
  key: string;
  type: QuestionType;
  label: string;
  help?: string;
  required?: boolean;
  options?: QuestionOption[];
  /** number: value bounds; multichoice: selection-count bounds. Inclusive. */
  min?: number;
  max?: number;
  maxLength?: number;
  showIf?: ShowIf;
}

export type Answers = Record<string, unknown>;

export type { FieldError, FieldErrorCode, FieldErrorParams } from '../../common/field-error';

export { escapePointerToken } from '../../common/domain-error';
