import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import { Actor, MEMBERSHIP_ROLES, MembershipRole } from '../../identity/access/actor';
import { CreateUnitDto, CreateUserDto, SsoLinkDto, UpdateUserDto } from '../../identity/identity.dto';
import { UnitsService } from '../../identity/units.service';
import { UsersService, UserView } from '../../identity/users.service';
import { FormErrors, NO_ERRORS, fieldId, formErrors, parseForm } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { pageQuery } from '../http/page-query';

const LABELS: Record<string, MessageKey> = {
  name: 'admin.field.name',
  kind: 'admin.field.kind',
  parentId: 'admin.field.parent',
  code: 'admin.field.code',
  email: 'admin.field.email',
  password: 'admin.field.password',
  memberships: 'admin.field.unit',
  unitId: 'admin.field.unit',
  role: 'admin.field.role',
  issuer: 'admin.field.issuer',
  subject: 'admin.field.subject',
};

/** The API's errors on a form's fields, each translated by its code. */
function pageErrors(t: Translate, error: unknown, idOf: (pointer: string) => string = fieldId): FormErrors {
  if (!(error instanceof DomainError) || !['validation_failed', 'duplicate'].includes(error.code)) throw error;
  return formErrors(t, error.errors, (p) => t(LABELS[p.split('/')[1]] ?? 'admin.field.name'), idOf);
}

/**
 * Organisation administration for admins: the unit tree, users with their memberships (create,
 * memberships, deactivate, reset the password, link a single sign-on identity) and the audit log.
 * Every change goes through the services the API's admin routes call.
 */
@ApiExcludeController()
@RequireRole('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly db: DataSource,
    private readonly pages: PageRenderer,
  ) {}

  @Get('units')
  async unitsPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderUnits(req, res, { name: '', kind: 'core', parentId: '', code: '' }, NO_ERRORS);
  }

  @Post('units')
  async createUnit(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values = {
      name: field(body, 'name'),
      kind: field(body, 'kind'),
      parentId: field(body, 'parentId'),
      code: field(body, 'code').trim(),
    };
    try {
      const dto = await parseForm(CreateUnitDto, values, { optional: ['parentId', 'code'] });
      await this.units.create(actor, dto);
      this.pages.redirect(res, '/admin/units?created=1');
    } catch (error) {
      await this.renderUnits(req, res, values, pageErrors(translator(pageLanguage(req)), error));
    }
  }

  @Get('users')
  async usersPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const t = translator(pageLanguage(req));
    const names = await this.unitNames();
    this.pages.render(req, res, 'admin/users.njk', {
      pageTitle: t('admin.users.title'),
      users: (await this.users.list()).map((u) => ({ ...u, summary: this.membershipText(t, u, names) })),
    });
  }

  @Get('users/new')
  async newUser(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderNewUser(req, res, { email: '', name: '', password: '', unitId: '', role: 'requester' }, NO_ERRORS);
  }

  @Post('users/new')
  async createUser(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values = {
      email: field(body, 'email'),
      name: field(body, 'name'),
      password: field(body, 'password'),
      unitId: field(body, 'unitId'),
      role: field(body, 'role'),
    };
    try {
      const memberships = values.unitId ? [{ unitId: values.unitId, role: values.role }] : [];
      const dto = await parseForm(
        CreateUserDto,
        { email: values.email, name: values.name, password: values.password, memberships },
        { optional: ['password'] },
      );
      const user = await this.users.create(actor, dto);
      this.pages.redirect(res, `/admin/users/${user.id}`);
    } catch (error) {
      const t = translator(pageLanguage(req));
      await this.renderNewUser(
        req,
        res,
        { ...values, password: '' },
        pageErrors(t, error, (p) => (p.startsWith('/memberships') ? 'unitId' : fieldId(p))),
      );
    }
  }

  @Get('users/:id')
  async userPage(@UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderUser(req, res, id, NO_ERRORS);
  }

  @Post('users/:id/memberships')
  async addMembership(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.users.get(id);
    const unitId = field(body, 'unitId');
    const role = field(body, 'role');
    const adding = field(body, 'remove') !== 'yes';
    const kept = user.memberships.filter((m) => !(m.unitId === unitId && m.role === role));
    const memberships = adding ? [...kept, { unitId, role: role as MembershipRole }] : kept;
    await this.change(actor, req, res, user, { memberships }, (p) => (p.startsWith('/memberships') ? 'unitId' : fieldId(p)));
  }

  @Post('users/:id/active')
  async setActive(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const user = await this.users.get(id);
    await this.change(actor, req, res, user, { active: field(body, 'active') === 'yes' });
  }

  @Post('users/:id/password')
  async resetPassword(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.users.get(id);
    await this.change(actor, req, res, user, { password: field(body, 'password') });
  }

  @Post('users/:id/sso')
  async linkSso(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    try {
      const dto = await parseForm(SsoLinkDto, { issuer: field(body, 'issuer'), subject: field(body, 'subject') });
      await this.users.linkSso(actor, id, dto.issuer, dto.subject);
      this.pages.redirect(res, `/admin/users/${id}?saved=1`);
    } catch (error) {
      await this.renderUser(req, res, id, pageErrors(translator(pageLanguage(req)), error), 400);
    }
  }

  @Get('audit')
  async auditPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const query = pageQuery(req, ['actor', 'entity', 'action', 'from', 'to', 'before']);
    const t = translator(pageLanguage(req));
    const fmt = new Formats(pageLanguage(req));
    const users = await this.users.list();
    const byEmail = new Map(users.map((u) => [u.email, u.id]));
    const emails = new Map(users.map((u) => [u.id, u.email]));
    const date = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
    const actorEmail = (query.actor ?? '').trim().toLowerCase();
    const filter = {
      actorId: actorEmail ? byEmail.get(actorEmail) : undefined,
      entity: query.entity?.trim() || undefined,
      action: query.action?.trim() || undefined,
      from: date(query.from),
      to: date(query.to),
      beforeId: /^\d{1,18}$/.test(query.before ?? '') ? query.before : undefined,
    };
    // Nobody has that address: nothing they did to show.
    const unknownActor = actorEmail !== '' && !byEmail.has(actorEmail);
    const page = unknownActor ? { items: [], nextBeforeId: null } : await this.audit.search(this.db.manager, filter);
    const params = new URLSearchParams(
      Object.entries({
        actor: actorEmail,
        entity: filter.entity ?? '',
        action: filter.action ?? '',
        from: filter.from ?? '',
        to: filter.to ?? '',
      }).filter(([, v]) => v),
    );
    this.pages.render(req, res, 'admin/audit.njk', {
      pageTitle: t('admin.audit.title'),
      values: { actor: actorEmail, entity: filter.entity ?? '', action: filter.action ?? '', from: filter.from ?? '', to: filter.to ?? '' },
      rows: page.items.map((e) => ({
        at: fmt.time(e.at),
        actor: e.actorId ? (emails.get(e.actorId) ?? e.actorId) : t('admin.audit.system'),
        action: e.action,
        entity: `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`,
      })),
      next: page.nextBeforeId ? `/admin/audit?${new URLSearchParams([...params, ['before', page.nextBeforeId]]).toString()}` : null,
      first: filter.beforeId ? `/admin/audit?${params.toString()}` : null,
    });
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async change(
    actor: Actor,
    req: PageRequest,
    res: Response,
    user: UserView,
    changes: Record<string, unknown>,
    idOf: (pointer: string) => string = fieldId,
  ): Promise<void> {
    try {
      const dto = await parseForm(UpdateUserDto, { ...changes, version: user.version });
      await this.users.update(actor, user.id, dto);
      this.pages.redirect(res, `/admin/users/${user.id}?saved=1`);
    } catch (error) {
      await this.renderUser(req, res, user.id, pageErrors(translator(pageLanguage(req)), error, idOf), 400);
    }
  }

  private async renderUnits(req: PageRequest, res: Response, values: Record<string, string>, errors: FormErrors): Promise<void> {
    const t = translator(pageLanguage(req));
    const units = await this.units.list();
    // Depth-first from the roots, each unit under its parent.
    const tree: Array<{ name: string; kind: string; code: string; depth: number }> = [];
    const visit = (parentId: string | null, depth: number) => {
      for (const u of units.filter((x) => x.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name))) {
        tree.push({ name: u.name, kind: t(u.kind === 'core' ? 'admin.kind.core' : 'admin.kind.support'), code: u.code, depth });
        visit(u.id, depth + 1);
      }
    };
    visit(null, 0);
    this.pages.render(
      req,
      res,
      'admin/units.njk',
      {
        pageTitle: t('admin.units.title'),
        tree,
        values,
        errors,
        created: pageQuery(req, ['created']).created === '1',
        parents: [
          { value: '', text: t('admin.units.noParent') },
          ...units.map((u) => ({ value: u.id, text: u.name, selected: values.parentId === u.id })),
        ],
      },
      errors.list.length ? 400 : 200,
    );
  }

  private async renderNewUser(req: PageRequest, res: Response, values: Record<string, string>, errors: FormErrors): Promise<void> {
    const t = translator(pageLanguage(req));
    this.pages.render(
      req,
      res,
      'admin/new-user.njk',
      { pageTitle: t('admin.newUser.title'), values, errors, ...(await this.unitAndRoleItems(t, values.unitId, values.role)) },
      errors.list.length ? 400 : 200,
    );
  }

  private async renderUser(req: PageRequest, res: Response, id: string, errors: FormErrors, status = 200): Promise<void> {
    const t = translator(pageLanguage(req));
    const user = await this.users.get(id);
    const names = await this.unitNames();
    this.pages.render(
      req,
      res,
      'admin/user.njk',
      {
        pageTitle: user.erased ? t('privacy.formerUser') : user.name,
        user,
        errors,
        saved: pageQuery(req, ['saved', 'erased']).saved === '1',
        erased: pageQuery(req, ['saved', 'erased']).erased === '1',
        memberships: user.memberships.map((m) => ({
          ...m,
          unit: names.get(m.unitId) ?? m.unitId,
          roleText: t(`admin.role.${m.role}` as MessageKey),
        })),
        ...(await this.unitAndRoleItems(t, '', 'requester')),
      },
      status,
    );
  }

  private async unitAndRoleItems(t: Translate, unitId: string, role: string) {
    const units = await this.units.list();
    return {
      unitItems: [
        { value: '', text: t('admin.field.chooseUnit') },
        ...units.map((u) => ({ value: u.id, text: u.name, selected: u.id === unitId })),
      ],
      roleItems: MEMBERSHIP_ROLES.map((r) => ({ value: r, text: t(`admin.role.${r}` as MessageKey), selected: r === role })),
    };
  }

  private membershipText(t: Translate, u: UserView, names: Map<string, string>): string {
    return u.memberships.map((m) => `${names.get(m.unitId) ?? ''}: ${t(`admin.role.${m.role}` as MessageKey)}`).join(', ');
  }

  private async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.units.list()).map((u) => [u.id, u.name]));
  }
}
