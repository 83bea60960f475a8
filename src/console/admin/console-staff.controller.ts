import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { UUID } from '../../common/uuid-param.js';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';
import { UpdateUserDto } from '../../users/dto/update-user.dto.js';
import { generatePassword, UsersService, type PublicUser } from '../../users/users.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, serviceErrors, validateAs } from '../forms.js';
import { newStaffPage, passwordShownOncePage, staffAccountPage, staffCrumbs, staffListPage, STAFF_LABELS } from '../views/admin/staff-pages.js';
import { confirmPage } from '../views/common-pages.js';
import type { FormErrors } from '../views/form-kit.js';

/**
 * Staff accounts, for admins: the list, a new account, and per account its role, deactivation
 * and a password reset. Every change is UsersService's (the API's PATCH /api/users/:id and
 * POST /api/users/:id/password-reset), validated by the API's DTOs and audited as the API does.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('admin')
@Controller('console/staff')
export class ConsoleStaffController {
  constructor(
    private readonly users: UsersService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, staffListPage(await this.contexts.of(req, reply), await this.users.list()));
  }

  @Get('new')
  async newForm(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, newStaffPage(await this.contexts.of(req, reply), {}, {}));
  }

  /**
   * A typed password: on to the account's page. A generated one: shown on the page this answers,
   * once (it is kept only as a hash, so no later page could show it).
   */
  @Post()
  async create(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const generate = values.passwordMode !== 'typed';
    let errors: FormErrors = {};
    if (!generate && !values.password) errors.password = 'Type a password, or choose to generate one';
    const password = generate ? generatePassword() : (values.password ?? '');
    const checked = await validateAs(CreateUserDto, { email: values.email ?? '', password, role: values.role ?? '' });
    if (!checked.ok) errors = { ...checked.errors, ...errors };
    if (checked.ok && !Object.keys(errors).length) {
      try {
        const user = await this.users.create(checked.dto.email, checked.dto.password, checked.dto.role, req.staff!);
        if (!generate) {
          return this.contexts.redirect(reply, `/console/staff/${user.id}`, {
            kind: 'success',
            text: `Account created: ${user.email}, ${user.role}. They sign in with the password you typed.`,
          });
        }
        const ctx = await this.contexts.of(req, reply);
        return sendPage(
          reply,
          201,
          passwordShownOncePage(ctx, {
            title: 'Account created',
            lead: `${user.email} can sign in now, as ${user.role === 'admin' ? 'an admin' : 'a campaigner'}, with this password.`,
            user,
            password,
          }),
        );
      } catch (e) {
        errors = serviceErrors(e, Object.keys(STAFF_LABELS), { email: /staff account for/i });
      }
    }
    // the password is not sent back into the page
    sendPage(reply, 400, newStaffPage(await this.contexts.of(req, reply), { ...values, password: undefined }, errors));
  }

  @Get(':id')
  async account(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const user = await this.users.get(id);
    sendPage(reply, 200, staffAccountPage(await this.contexts.of(req, reply), user, { values: {}, errors: {} }));
  }

  @Post(':id/role')
  async changeRole(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const user = await this.users.get(id);
    const values = formValues(body);
    const checked = await validateAs(UpdateUserDto, { role: values.role ?? '' });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      if (checked.dto.role === user.role) {
        return this.contexts.redirect(reply, `/console/staff/${id}`, { kind: 'success', text: `No change: ${user.email} is ${article(user.role)} already.` });
      }
      try {
        const after = await this.users.update(id, { role: checked.dto.role }, req.staff!);
        return this.contexts.redirect(reply, `/console/staff/${id}`, {
          kind: 'success',
          text: `Role changed: ${after.email} is ${article(after.role)} from their next request on.`,
        });
      } catch (e) {
        // the last admin, or one's own account: said beside the role
        errors = serviceErrors(e, ['role'], { role: /admin|own account/i });
      }
    }
    sendPage(reply, 400, staffAccountPage(await this.contexts.of(req, reply), user, { values, errors }));
  }

  @Get(':id/deactivate')
  confirmDeactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirm(id, 'deactivate', req, reply);
  }

  @Get(':id/reactivate')
  confirmReactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirm(id, 'reactivate', req, reply);
  }

  @Get(':id/reset-password')
  confirmReset(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirm(id, 'reset-password', req, reply);
  }

  @Post(':id/deactivate')
  deactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.setActive(id, false, req, reply);
  }

  @Post(':id/reactivate')
  reactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.setActive(id, true, req, reply);
  }

  /** The new password is shown on the page this answers, once. */
  @Post(':id/reset-password')
  async resetPassword(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    if (id === req.staff!.id) return this.ownPassword(reply);
    const { user, password } = await this.users.resetPassword(id, req.staff!);
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      200,
      passwordShownOncePage(ctx, {
        title: 'Password reset',
        lead: `The old password of ${user.email} no longer works and their sessions have ended. They sign in with this one.`,
        user,
        password,
      }),
    );
  }

  private async setActive(id: string, active: boolean, req: ConsoleRequest, reply: FastifyReply) {
    const user = await this.users.get(id);
    try {
      const after = await this.users.update(id, { active }, req.staff!);
      return this.contexts.redirect(reply, `/console/staff/${id}`, {
        kind: 'success',
        text: active
          ? user.active
            ? `No change: ${after.email} was active already.`
            : `Reactivated: ${after.email} can sign in again.`
          : user.active
            ? `Deactivated: ${after.email} can no longer sign in, and their sessions have ended.`
            : `No change: ${after.email} was deactivated already.`,
      });
    } catch (e) {
      if (!(e instanceof HttpException) || e instanceof NotFoundException || e.getStatus() >= 500) throw e;
      return this.contexts.redirect(reply, `/console/staff/${id}`, {
        kind: 'error',
        text: `${user.email} was not ${active ? 'reactivated' : 'deactivated'}: ${messagesOf(e).join(' ')}`,
      });
    }
  }

  /** One's own password is changed knowing the current one (a reset would sign this browser out too). */
  private ownPassword(reply: FastifyReply) {
    return this.contexts.redirect(reply, '/console/account', { kind: 'error', text: 'Your own password is changed here, with your current one.' });
  }

  /** "Are you sure?": what deactivating, reactivating or resetting the password does. */
  private async confirm(id: string, action: 'deactivate' | 'reactivate' | 'reset-password', req: ConsoleRequest, reply: FastifyReply) {
    if (action === 'reset-password' && id === req.staff!.id) return this.ownPassword(reply);
    const user: PublicUser = await this.users.get(id);
    const ctx = await this.contexts.of(req, reply);
    const texts = {
      deactivate: {
        title: `Deactivate ${user.email}?`,
        lead: 'They can no longer sign in.',
        consequences: [
          'Their sessions end at once: every browser they are signed in on and every API token they hold stops working with its next request.',
          'What they did stays in the audit log, under their name.',
          'You can reactivate the account later; they sign in again with the same password.',
        ],
        button: 'Deactivate',
        danger: true,
      },
      reactivate: {
        title: `Reactivate ${user.email}?`,
        lead: `They can sign in again, with their password, as ${article(user.role)}.`,
        consequences: [
          'Sessions ended by the deactivation stay ended: they sign in again.',
          'If you are not sure who knows the password, reset it afterwards.',
        ],
        button: 'Reactivate',
        danger: false,
      },
      'reset-password': {
        title: `Reset the password of ${user.email}?`,
        lead: 'A new password is generated and shown to you once, on the next page.',
        consequences: [
          'Their current password stops working.',
          'Their sessions end at once: they are signed out everywhere, API tokens included.',
          'Hand the new password over safely; they should change it once signed in.',
        ],
        button: 'Reset password',
        danger: true,
      },
    }[action];
    sendPage(
      reply,
      200,
      confirmPage(ctx, {
        section: 'staff',
        crumbs: staffCrumbs([{ href: `/console/staff/${id}`, label: user.email }]),
        title: texts.title,
        lead: texts.lead,
        consequences: texts.consequences,
        action: `/console/staff/${id}/${action}`,
        button: texts.button,
        danger: texts.danger,
        cancel: `/console/staff/${id}`,
      }),
    );
  }
}

const article = (role: string) => (role === 'admin' ? 'an admin' : 'a campaigner');
