import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { OAUTH_SCOPES, OAuthScope } from '@tongdao/channels';

export class WechatAuthorizeQuery {
  @ApiProperty({
    example: 'https://shop.example.com/wx/oauth',
    description: 'where WeChat sends the buyer back',
  })
  @IsString()
  @MaxLength(1000)
  @Matches(/^https?:\/\/[^\s/?#]+[^\s]*$/, { message: 'redirectUri must be an http(s) URL' })
  redirectUri: string;

  @ApiProperty({
    enum: OAUTH_SCOPES,
    description:
      'snsapi_base: silent, openid only; snsapi_userinfo: asks consent, gives the nickname and unionid',
  })
  @IsIn(OAUTH_SCOPES)
  scope: OAuthScope;

  @ApiPropertyOptional({ maxLength: 128, description: 'echoed back to redirectUri; letters and digits' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9]{1,128}$/, { message: 'state must be 1 to 128 letters or digits' })
  state?: string;
}

export class WechatSignInDto {
  @ApiProperty({ description: 'the `code` WeChat appended to redirectUri (single use, 5 minutes)' })
  @IsString()
  @Length(1, 128)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'code must be the code WeChat returned' })
  code: string;
}
