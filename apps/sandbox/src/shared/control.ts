import { ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// What every simulator's `/_sandbox/*` control API shares: input rules, the reset body, fault and log shapes.

/** Control API input: declared fields only, types converted, anything unknown refused with 400. */
export const controlPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});

/** `POST …/reset`: the simulator forgets everything and starts over from this seed. */
export class ResetDto {
  @IsInt() @Min(0) @Max(2 ** 31 - 1) seed: number;
}

/** A fault that strikes `n` of every `m` calls. */
export class NofMDto {
  @IsInt() @Min(0) @Max(1000) n: number;
  @IsInt() @Min(1) @Max(1000) m: number;
}

export class ServerErrorDto extends NofMDto {
  @IsOptional() @IsInt() @Min(500) @Max(599) status?: number;
}

/** `?limit=` on a log: how many of the newest records to return (the query string is converted to a number). */
export class LimitQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20_000) limit?: number;
}

/** The newest `limit` records of a log kept in arrival order. */
export function newest<T>(records: readonly T[], limit = 200): T[] {
  return records.slice(-limit);
}

/**
 * A fault-switch DTO as plain data, for the store: no class prototype, and the switches left out are gone rather
 * than present as `undefined` (a PUT replaces the whole set).
 */
export function switchSet<T>(body: object): T {
  return JSON.parse(JSON.stringify(body)) as T;
}
