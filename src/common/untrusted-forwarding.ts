import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Warns once, at the first request that shows it, that `X-Forwarded-For` arrives from a peer
 * TRUST_PROXY does not name. Express then ignores the header, as it must, so every client behind
 * that proxy shares the proxy's address: in the sign-in limits, in the sessions list and in the
 * audit trail. Usually TRUST_PROXY should name the proxy; a client forging the header directly
 * looks the same, so this says so once and never per request.
 */
export function warnOnUntrustedForwarding(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      const trusts = req.app.get('trust proxy fn') as ((address: string, hop: number) => boolean) | undefined;
      const peer = req.socket.remoteAddress ?? '';
      if (trusts && !trusts(peer, 0)) {
        warned = true;
        logger.warn(
          { peer },
          `X-Forwarded-For arrived from ${peer}, which TRUST_PROXY does not name: the header is ignored, so every client behind that peer counts as ${peer} (sign-in limits, sessions, audit). If ${peer} is your proxy, add it to TRUST_PROXY. This is said once.`,
        );
      }
    }
    next();
  };
}
