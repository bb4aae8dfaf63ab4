import { Injectable } from '@nestjs/common';

/** Keeps the demo merchant of the embedded default (written with the identity context). */
@Injectable()
export class DemoSeeder {
  async ensure(_sandboxUrl: string | undefined): Promise<Record<string, string>> {
    return {};
  }
}
