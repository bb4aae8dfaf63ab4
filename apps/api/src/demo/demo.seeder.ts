import { Injectable, Logger } from '@nestjs/common';
import { AuthService, RolesService, ShopsService, SignupService, StaffService } from '@tongdao/identity';
import { DemoTaobao } from './demo-taobao';
import { DemoStore } from './demo-store';
import { DemoWechat } from './demo-wechat';
import { RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';

export const DEMO_LOGIN = '13800000000';
export const DEMO_PASSWORD = 'tongdao-demo';

/**
 * The embedded default's demo merchant, so a newcomer can log in and look around at once. Idempotent: an
 * existing demo merchant is left as it is. One transaction, so a start-up that dies half-way leaves no owner
 * without its agents (the next start-up would otherwise see the phone taken and never add them).
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly signups: SignupService,
    private readonly auth: AuthService,
    private readonly staff: StaffService,
    private readonly roles: RolesService,
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly taobao: DemoTaobao,
    private readonly wechat: DemoWechat,
    private readonly store: DemoStore,
  ) {}

  /** `apiUrl`: where this api listens, for the sandbox to call back (WeChat pushes); without it WeChat is left out. */
  async ensure(sandboxUrl: string | undefined, apiUrl?: string): Promise<Record<string, string>> {
    const base = RequestContext.anonymous(`demo-${newId()}`);
    const credentials = { login: DEMO_LOGIN, password: DEMO_PASSWORD };
    const created = await this.tx.run(async () => {
      let owner: RequestContext;
      try {
        const signup = await this.signups.signup(base, {
          merchantName: 'Demo Tea House',
          shopName: 'Demo Tea House · Flagship',
          phone: DEMO_LOGIN,
          password: DEMO_PASSWORD,
        });
        owner = await this.auth.authenticate(signup.accessToken, base);
      } catch (error) {
        if ((error as { code?: string }).code === 'phone_taken') return false;
        throw error;
      }
      const roles = await this.roles.list(owner);
      const roleId = (code: string): string => roles.find((r) => r.code === code)!.id;
      await this.staff.create(owner, {
        name: 'Agent Li',
        login: 'agent1',
        password: DEMO_PASSWORD,
        roleIds: [roleId('cs_agent')],
      });
      await this.staff.create(owner, {
        name: 'Supervisor Wang',
        login: 'super1',
        password: DEMO_PASSWORD,
        roleIds: [roleId('cs_supervisor')],
      });
      return true;
    });
    if (created) this.logger.log({ login: DEMO_LOGIN }, 'demo merchant created');
    if (sandboxUrl) await this.connectChannels(base, sandboxUrl, apiUrl);
    return credentials;
  }

  /** Best effort: the demo still starts (without channels) if the owner changed the password or the sandbox fails. */
  private async connectChannels(base: RequestContext, sandboxUrl: string, apiUrl?: string): Promise<void> {
    let owner: RequestContext;
    let shopId: string;
    try {
      const { accessToken } = await this.auth.login(base, DEMO_LOGIN, DEMO_PASSWORD);
      owner = await this.auth.authenticate(accessToken, base);
      shopId = (await this.shops.list(owner, { limit: 1 })).items[0].id;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'demo channels not connected: cannot act as the demo owner');
      return;
    }
    await this.taobao.connect(owner, shopId, sandboxUrl).catch((error: unknown) => {
      this.logger.warn({ err: String(error) }, 'demo Taobao store not connected');
    });
    if (!apiUrl) return;
    const wechat = await this.wechat.connect(owner, shopId, sandboxUrl, apiUrl).catch((error: unknown) => {
      this.logger.warn({ err: String(error) }, 'demo WeChat account not connected');
      return null;
    });
    if (!wechat) return;
    await this.store
      .open(owner, shopId, wechat.accountId, wechat.appId, { sandbox: sandboxUrl, api: apiUrl })
      .catch((error: unknown) => {
        this.logger.warn({ err: String(error) }, 'demo WeChat shop not opened');
      });
  }
}
