/**
 * What is wrong with one field of a request. `code` (with its `params`) is what a reader is
 * told, translated by pages in every language; `detail` is the same in English for API
 * clients. Pages never read `detail`: a library that rewords its English changes no page.
 */
export interface FieldError {
  /** JSON pointer into the request body, e.g. `/answers/budget`. */
  pointer: string;
  code: FieldErrorCode;
  /** The limits and names the message needs (`{ max: 200 }`). */
  params?: FieldErrorParams;
  detail: string;
}

export type FieldErrorParams = Record<string, string | number>;

export const FIELD_ERROR_CODES = [
  // values
  'required',
  'text',
  'boolean',
  'number',
  'integer',
  'min',
  'max',
  'minLength',
  'maxLength',
  'date',
  'notBefore',
  'notInPast',
  'choice',
  'duplicateChoice',
  'multichoiceMin',
  'multichoiceMax',
  'yesno',
  'email',
  'url',
  'uuid',
  'list',
  'minItems',
  'maxItems',
  'object',
  'format',
  'tooLarge',
  'tooDeep',
  'nul',
  'json',
  'fileType',
  'infected',
  'interrupted',
  'unknownField',
  // references and uniqueness
  'unknownReference',
  'notAllowed',
  'taken',
  'cursor',
  'version',
  // orders and accounts
  'purpose',
  'changeNeeded',
  'unknownQuestion',
  'notDone',
  'decisionNeeded',
  'reasonNeeded',
  'weakPassword',
  // privacy
  'lastAdmin',
  'onlyManager',
  // questionnaire design
  'keyFormat',
  'keyReserved',
  'keyDuplicate',
  'optionsNotAllowed',
  'optionsMissing',
  'optionValue',
  'optionDuplicate',
  'minAboveMax',
  'minAboveOptions',
  'showIfSelf',
  'showIfUnknown',
  'showIfLater',
  'showIfShape',
  'showIfBoth',
  'conditionValue',
  // anything else still names its field
  'invalid',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export function fieldError(pointer: string, code: FieldErrorCode, detail: string, params?: FieldErrorParams): FieldError {
  return params ? { pointer, code, params, detail } : { pointer, code, detail };
}
