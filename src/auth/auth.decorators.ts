import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { StaffRole } from '../users/user.entity.js';

export const IS_PUBLIC = 'appeals:public';
export const ROLES_KEY = 'appeals:roles';

/** No login needed (supporters' pages and the public API). Every other route needs a staff login. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The roles allowed; admins may do everything campaigners may. Without it: any staff role. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

export interface StaffPrincipal {
  id: string;
  email: string;
  role: StaffRole;
}

/** The logged-in staff member: `@Staff() staff: StaffPrincipal`. */
export const Staff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => ctx.switchToHttp().getRequest().staff);
