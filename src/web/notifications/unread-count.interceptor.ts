import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { InboxService } from '../../notifications/inbox.service';
import { isPagePath, PageRequest } from '../http/page-request';

/**
 * Counts the signed-in user's unread notifications for the header of a page, after the guard
 * has found who it is and before the page renders. Only GET pages: a form post redirects.
 */
@Injectable()
export class UnreadCountInterceptor implements NestInterceptor {
  constructor(private readonly inbox: InboxService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<PageRequest>();
    if (!req.actor || req.method !== 'GET' || !isPagePath(req.path)) return next.handle();
    const actor = req.actor;
    return from(this.inbox.unreadCount(actor.userId)).pipe(
      switchMap((unread) => {
        req.unreadNotifications = unread;
        return next.handle();
      }),
    );
  }
}
