import { Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { AppConfig } from '@tongdao/config';
import { SecretBox } from './secret-box';

/**
 * The one SecretBox of the process, made on first use so processes that never touch credentials start
 * without a key. Production must set SECRETS_KEY; the embedded default generates one beside its SQLite file.
 */
@Injectable()
export class ChannelSecrets {
  private box: SecretBox | null = null;

  constructor(private readonly config: AppConfig) {}

  seal(plain: string): string {
    return this.get().seal(plain);
  }

  open(sealed: string): string {
    return this.get().open(sealed);
  }

  private get(): SecretBox {
    this.box ??= new SecretBox(this.key());
    return this.box;
  }

  private key(): string {
    if (this.config.SECRETS_KEY) return this.config.SECRETS_KEY;
    if (this.config.databaseKind === 'mysql') {
      throw new Error('SECRETS_KEY is not set: production needs it to store channel credentials');
    }
    const file = join(dirname(this.config.SQLITE_PATH), 'secrets.key');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    }
    return readFileSync(file, 'utf8').trim();
  }
}
