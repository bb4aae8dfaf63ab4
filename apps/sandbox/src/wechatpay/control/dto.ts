import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { LimitQuery } from '../../shared/control';
import { REFUND_STATUSES, TRADE_STATES } from '../state/model';

export class MerchantSettingsDto {
  @IsOptional() @IsNumber() @Min(0) @Max(1) retryScale?: number;
  @IsOptional() @IsInt() @Min(20) @Max(60_000) notifyTimeoutMs?: number;
  @IsOptional() @IsInt() @Min(0) @Max(3_600_000) refundDelayMs?: number;
}

export class CreateMerchantDto extends MerchantSettingsDto {
  @IsOptional() @Matches(/^\d{8,12}$/) mchid?: string;
  @IsOptional() @Matches(/^wx[0-9a-f]{16}$/) appid?: string;
  /** 32 ASCII characters, as the merchant platform accepts. */
  @IsOptional() @Matches(/^[A-Za-z0-9]{32}$/) apiV3Key?: string;
  /** Bring your own merchant key: its public half (PEM); the sandbox then returns no private key. */
  @IsOptional() @IsString() @Length(100, 4000) merchantPublicKeyPem?: string;
  @IsOptional() @Matches(/^[0-9A-F]{8,64}$/) merchantSerial?: string;
}

export class UpdateMerchantDto extends MerchantSettingsDto {}

export class TransactionsQuery {
  @IsOptional() @IsIn(TRADE_STATES) state?: string;
}

export class PayDto {
  /** The buyer pays this many ms from now instead of at once ("pay late"). */
  @IsOptional() @IsInt() @Min(0) @Max(24 * 3600_000) delayMs?: number;
}

export class MisbehaviourDto {
  @IsOptional() @IsInt() @Min(0) @Max(5) duplicateNotifications?: number;
  @IsOptional() @IsInt() @Min(-1_000_000) @Max(1_000_000) tamperAmountFen?: number;
  @IsOptional() @IsBoolean() badSignature?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(30 * 86400) staleTimestampSeconds?: number;
  @IsOptional() @IsIn(REFUND_STATUSES.filter((s) => s !== 'PROCESSING')) refundOutcome?:
    'SUCCESS' | 'ABNORMAL' | 'CLOSED';
}

export class NotificationsQuery extends LimitQuery {
  @IsOptional() @IsString() mchid?: string;
  @IsOptional() @IsString() outTradeNo?: string;
  @IsOptional() @IsString() eventType?: string;
  @IsOptional() @IsIn(['pending', 'acknowledged', 'failed']) state?: string;
}

export class CallsQuery extends LimitQuery {
  @IsOptional() @IsString() mchid?: string;
}
