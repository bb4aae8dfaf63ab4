import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuditLog } from '@tongdao/identity';
import { DeadLetterService, DeadLetterView } from '@tongdao/jobs';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['dead', 'replayed'] })
  @IsOptional()
  @IsIn(['dead', 'replayed'])
  status?: 'dead' | 'replayed';
}

/** Jobs that failed their last retry, for the merchant's staff to inspect and send back. */
@ApiTags('ops')
@Controller('admin/v1/dead-letters')
@RequirePermissions('dead_letter.manage')
export class DeadLettersController {
  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'newest first; `nextCursor` pages on' })
  list(@Ctx() ctx: RequestContext, @Query() query: DeadLetterQuery): Promise<Page<DeadLetterView>> {
    return this.deadLetters.list(ctx, query);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<DeadLetterView> {
    return this.deadLetters.get(ctx, id);
  }

  @Post(':id/replay')
  @HttpCode(200)
  replay(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<DeadLetterView> {
    return this.tx.run(async () => {
      const view = await this.deadLetters.replay(ctx, id);
      await this.audit.record(ctx, {
        action: 'dead_letter.replay',
        targetType: 'dead_letter',
        targetId: id,
        summary: { jobName: view.jobName, replayCount: view.replayCount },
      });
      return view;
    });
  }
}
