import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiInvalid, ApiStaffRoute } from '../auth/api-responses.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { StaffUser, StaffUserList } from './dto/staff-user.dto.js';
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
}
