import { Body, Controller, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LogisticsModule, TrackerAnswer, TrackerPushes } from '@tongdao/logistics';
import { Public } from '../http/access.decorators';

/**
 * The callback URL each tracking subscription gives the parcel tracker (form `param` + `sign`). Public: the
 * tracker proves itself with the subscription's salt, checked before anything is parsed.
 */
@ApiExcludeController()
@Controller('channels/tracker')
export class TrackerCallbackController {
  constructor(private readonly pushes: TrackerPushes) {}

  @Post(':trackingId/push')
  @Public()
  @HttpCode(200)
  async push(
    @Param('trackingId') trackingId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TrackerAnswer['body']> {
    const form = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const answer = await this.pushes.receive(trackingId, { param: form.param, sign: form.sign });
    res.status(answer.status);
    return answer.body;
  }
}

@Module({ imports: [LogisticsModule], controllers: [TrackerCallbackController] })
export class TrackerCallbackModule {}
