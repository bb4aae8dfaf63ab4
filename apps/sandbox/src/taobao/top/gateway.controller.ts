import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayService } from './gateway.service';

/** Query string and form body together, as TOP accepts system params in either; repeated names keep the first. */
function flatParams(...sources: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') out[name] = first;
    }
  }
  return out;
}

@Controller('router')
export class GatewayController {
  constructor(private readonly gateway: GatewayService) {}

  @Get('rest')
  async get(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.reply(flatParams(req.query), res);
  }

  @Post('rest')
  async post(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.reply(flatParams(req.query, req.body), res);
  }

  private async reply(params: Record<string, string>, res: Response): Promise<void> {
    const reply = await this.gateway.call(params);
    res.status(reply.status).type(reply.contentType).send(reply.text);
  }
}
