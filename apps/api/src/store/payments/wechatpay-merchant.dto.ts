import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';

const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** The merchant account's identifiers and keys, as the WeChat Pay merchant platform shows them. */
export class WechatPayMerchantDto {
  @ApiProperty({ example: '1900000109', description: 'the merchant id (商户号)' })
  @Matches(/^[0-9]{6,32}$/)
  mchid: string;

  @ApiProperty({ description: 'serial number of the merchant API certificate (40 hex)' })
  @Matches(/^[0-9A-Fa-f]{8,64}$/)
  merchantSerial: string;

  @ApiProperty({
    description: 'the merchant API private key (apiclient_key.pem); stored encrypted, never returned',
  })
  @IsString()
  @Length(100, 8000)
  merchantPrivateKeyPem: string;

  @ApiProperty({ description: 'APIv3 key: 32 letters or digits; stored encrypted, never returned' })
  @Matches(/^[A-Za-z0-9]{32}$/)
  apiV3Key: string;

  @ApiProperty({ description: 'the WeChat Pay platform certificate serial, or the WeChat Pay public key id' })
  @Matches(/^[A-Za-z0-9_]{8,64}$/)
  platformSerial: string;

  @ApiProperty({ description: 'the WeChat Pay platform public key (or certificate), PEM' })
  @IsString()
  @Length(100, 8000)
  platformPublicKeyPem: string;

  @ApiPropertyOptional({
    description:
      'WeChat Pay API host; default https://api.mch.weixin.qq.com (the sandbox: http://localhost:3100)',
  })
  @Optional()
  @Matches(/^https?:\/\/[^\s?#]{1,300}$/)
  apiBaseUrl?: string;
}
