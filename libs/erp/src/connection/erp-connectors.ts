import { Injectable } from '@nestjs/common';
import { ChannelSecrets } from '@tongdao/channels';
import { ErpConnector } from '../connector/erp-connector';
import { JushuitanClient } from '../connector/jushuitan-client';
import { JushuitanConnector } from '../connector/jushuitan-connector';
import { ErpConnectionRow } from '../erp.entities';
import { ErpOptions } from '../erp-options';

/** What is sealed in `erp_connections.secrets`. */
export interface SealedErpSecrets {
  appSecret: string;
  accessToken: string;
  refreshToken: string | null;
}

/** Builds the connector of a connection's kind from its stored (sealed) credentials. */
@Injectable()
export class ErpConnectors {
  constructor(
    private readonly secrets: ChannelSecrets,
    private readonly jushuitan: JushuitanClient,
    private readonly options: ErpOptions,
  ) {}

  open(row: ErpConnectionRow, storeSecrets: (sealed: SealedErpSecrets) => Promise<void>): ErpConnector {
    const sealed = JSON.parse(this.secrets.open(row.secrets)) as SealedErpSecrets;
    switch (row.kind) {
      case 'jushuitan':
        return new JushuitanConnector(
          this.jushuitan,
          {
            baseUrl: row.baseUrl,
            appKey: row.appKey,
            appSecret: sealed.appSecret,
            accessToken: sealed.accessToken,
            refreshToken: sealed.refreshToken,
          },
          {
            timeoutMs: this.options.requestTimeoutMs,
            ratePerSecond: this.options.ratePerSecond,
            throttledAttempts: 3,
            onTokens: (tokens) => storeSecrets({ appSecret: sealed.appSecret, ...tokens }),
          },
        );
    }
  }
}
