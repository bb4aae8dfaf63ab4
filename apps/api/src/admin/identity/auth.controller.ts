import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthService, IssuedToken, SignupResult, SignupService } from '@tongdao/identity';
import { RequestContext } from '@tongdao/kernel';
import { Authenticated, Public } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { LoginDto, SignupDto } from './identity.dto';

@ApiTags('identity')
@Controller('admin/v1')
export class AuthController {
  constructor(
    private readonly signups: SignupService,
    private readonly auth: AuthService,
  ) {}

  @Post('signup')
  @Public()
  signup(@Ctx() ctx: RequestContext, @Body() body: SignupDto): Promise<SignupResult> {
    return this.signups.signup(ctx, body);
  }

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  login(@Ctx() ctx: RequestContext, @Body() body: LoginDto): Promise<IssuedToken> {
    return this.auth.login(ctx, body.login, body.password);
  }

  @Post('auth/logout')
  @Authenticated()
  @HttpCode(204)
  async logout(@Ctx() ctx: RequestContext, @Headers('authorization') authorization: string): Promise<void> {
    await this.auth.logout(ctx, authorization.replace(/^Bearer\s+/i, ''));
  }
}
