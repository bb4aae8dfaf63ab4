import type { Provider } from '@nestjs/common';

/**
 * What one area of the shop contributes to the storefront module: its tables, migrations, providers and the
 * providers other modules (the HTTP edge) may use. Each area keeps its list beside its code, so the module
 * file only concatenates them.
 */
export interface AreaParts {
  entities: Array<abstract new (...args: never[]) => unknown>;
  migrations: Array<new (...args: never[]) => unknown>;
  providers: Provider[];
  exports: Provider[];
}
