import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { PollAnswer, PollService } from './poll.service';

function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/** Kuaidi100's subscription host (real: poll.kuaidi100.com). Always HTTP 200; the outcome is in the body. */
@Controller('poll')
export class PollController {
  constructor(private readonly poll: PollService) {}

  @Post()
  @HttpCode(200)
  subscribe(@Req() req: Request): PollAnswer {
    return this.poll.subscribe(formFields(req.body));
  }

  @Post('query.do')
  @HttpCode(200)
  query(@Req() req: Request): Record<string, unknown> | PollAnswer {
    return this.poll.query(formFields(req.body));
  }
}
