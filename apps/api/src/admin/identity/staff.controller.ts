import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RoleView, RolesService, StaffService, StaffView } from '@tongdao/identity';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { Authenticated, RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { CreateRoleDto, CreateStaffDto, UpdateRoleDto, UpdateStaffDto } from './identity.dto';

@ApiTags('identity')
@Controller('admin/v1/staff')
@RequirePermissions('staff.manage')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<StaffView>> {
    return this.staff.list(ctx, query);
  }

  @Post()
  create(@Ctx() ctx: RequestContext, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(ctx, body);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<StaffView> {
    return this.staff.get(ctx, id);
  }

  @Patch(':id')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateStaffDto,
  ): Promise<StaffView> {
    return this.staff.update(ctx, id, body);
  }
}

@ApiTags('identity')
@Controller('admin/v1')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get('roles')
  @RequirePermissions('staff.manage')
  list(@Ctx() ctx: RequestContext): Promise<RoleView[]> {
    return this.roles.list(ctx);
  }

  @Post('roles')
  @RequirePermissions('staff.manage')
  create(@Ctx() ctx: RequestContext, @Body() body: CreateRoleDto): Promise<RoleView> {
    return this.roles.create(ctx, body);
  }

  @Get('roles/:id')
  @RequirePermissions('staff.manage')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<RoleView> {
    return this.roles.get(ctx, id);
  }

  /** Custom roles only: built-in roles answer 409 built_in_role. */
  @Patch('roles/:id')
  @RequirePermissions('staff.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateRoleDto,
  ): Promise<RoleView> {
    return this.roles.update(ctx, id, body);
  }

  /** Custom roles nobody holds; 409 built_in_role or role_in_use otherwise. */
  @Delete('roles/:id')
  @RequirePermissions('staff.manage')
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    await this.roles.remove(ctx, id);
  }

  @Get('permissions')
  @Authenticated()
  permissions(): Array<{ code: string; description: string }> {
    return this.roles.permissions();
  }
}
