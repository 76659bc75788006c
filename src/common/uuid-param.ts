import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalid } from './domain-error';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function UuidParam(name: string): ParameterDecorator {
  return Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalid(`/${name}`, 'uuid', `path parameter ${name} must be a UUID`) }));
}
