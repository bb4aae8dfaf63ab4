import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AllocationRuleService, AllocationRuleView } from '@tongdao/inventory';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { AllocationRuleDto, AllocationRuleQueryDto } from './inventory.dto';

/** How much of the shared pool each channel account may offer. */
@ApiTags('inventory')
@Controller('admin/v1/allocation-rules')
export class AllocationRulesController {
  constructor(private readonly rules: AllocationRuleService) {}

  @Get()
  @RequirePermissions('stock.read')
  list(@Ctx() ctx: RequestContext, @Query() query: AllocationRuleQueryDto): Promise<AllocationRuleView[]> {
    return this.rules.list(ctx, query);
  }

  @Post()
  @RequirePermissions('stock.adjust')
  @ApiConflictResponse({ description: 'rule_exists: one rule per (SKU, channel account) scope' })
  create(@Ctx() ctx: RequestContext, @Body() body: AllocationRuleDto): Promise<AllocationRuleView> {
    return this.rules.create(ctx, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('stock.adjust')
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    await this.rules.delete(ctx, id);
  }
}
