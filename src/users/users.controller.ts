import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { StaffUser, StaffUserList } from './dto/staff-user.dto.js';
import { PasswordResetResponse, UpdateUserDto } from './dto/update-user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('staff accounts (admin)')
@ApiStaffRoute()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'create a staff account (audited as user.create)' })
  @ApiCreatedResponse({ type: StaffUser, description: 'the account (never its password)' })
  @ApiInvalid()
  @ApiConflict('a staff account with this email exists already')
  create(@Body() dto: CreateUserDto, @Staff() staff: StaffPrincipal): Promise<StaffUser> {
    return this.users.create(dto.email, dto.password, dto.role, staff);
  }

  @Get()
  @ApiOperation({ summary: 'every staff account, oldest first' })
  @ApiOkResponse({ type: StaffUserList, description: 'every staff account' })
  async list(): Promise<StaffUserList> {
    return { items: await this.users.list() };
  }

  @Patch(':id')
  @ApiOperation({ summary: "change another account's role, or deactivate / reactivate it (its sessions end at once; audited)" })
  @ApiOkResponse({ type: StaffUser, description: 'the account, changed' })
  @ApiInvalid('neither role nor active given, or a bad value')
  @ApiMissing('no such account')
  @ApiConflict('your own account, or the last active admin')
  update(@Param('id', UUID) id: string, @Body() dto: UpdateUserDto, @Staff() staff: StaffPrincipal): Promise<StaffUser> {
    return this.users.update(id, dto, staff);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({ summary: "reset another account's password: a new one is generated and shown once; its sessions end (audited)" })
  @ApiOkResponse({ type: PasswordResetResponse, description: 'the account and its new password, shown this once' })
  @ApiMissing('no such account')
  resetPassword(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<PasswordResetResponse> {
    return this.users.resetPassword(id, staff);
  }
}
