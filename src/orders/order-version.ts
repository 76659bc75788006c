import { ApiHeader } from '@nestjs/swagger';
import { invalid } from '../common/domain-error';
import type { VersionDto } from './orders.dto';

/** `"version": n` in the body, or `If-Match: "n"`; either may be sent, both must agree. */
export function versionOf(body: VersionDto | undefined, ifMatch: string | undefined): number | undefined {
  const header = ifMatch?.replace(/^W\//, '').replace(/"/g, '').trim();
  const fromHeader = header ? Number(header) : undefined;
  if (fromHeader !== undefined && !Number.isInteger(fromHeader))
    throw invalid('/version', 'version', 'If-Match must carry the order version, e.g. "3"');
  if (body?.version !== undefined && fromHeader !== undefined && body.version !== fromHeader) {
    throw invalid('/version', 'version', 'the body version and If-Match disagree');
  }
  return body?.version ?? fromHeader;
}

export const IfMatch = ApiHeader({ name: 'If-Match', required: false, description: 'The order version you read, e.g. "3"' });
