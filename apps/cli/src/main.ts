import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { checkLedgerConsistency, merchantsWithStock } from '@tongdao/inventory';
import { dataSourceOptions } from '@tongdao/persistence';
import { tongdaoSchema } from '@tongdao/runtime';

/** Operator commands. `migrate` applies pending migrations to DATABASE_URL (or the embedded SQLite file). */
const commands: Record<string, (dataSource: DataSource) => Promise<void>> = {
  async migrate(dataSource) {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      JSON.stringify({ msg: 'migrations applied', count: applied.length, names: applied.map((m) => m.name) }),
    );
  },
  async 'migrate:status'(dataSource) {
    const pending = await dataSource.showMigrations();
    console.log(JSON.stringify({ msg: 'migration status', pending }));
  },
  /** Sums the stock ledger against every stock level of every merchant; exits 1 on any mismatch. */
  async 'stock:check'(dataSource) {
    let failing = 0;
    const merchants = await merchantsWithStock(dataSource.manager);
    for (const merchantId of merchants) {
      const report = await checkLedgerConsistency(dataSource.manager, merchantId);
      if (!report.ok) failing += 1;
      console.log(JSON.stringify({ msg: 'stock consistency', merchantId, ...report }));
    }
    console.log(JSON.stringify({ msg: 'stock check done', merchants: merchants.length, failing }));
    if (failing > 0) process.exitCode = 1;
  },
};

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const name = process.argv[2] ?? '';
  const command = commands[name];
  if (!command) {
    console.error(`usage: tongdao <${Object.keys(commands).join('|')}>`);
    process.exit(2);
  }
  const dataSource = new DataSource(dataSourceOptions(loadConfig(), tongdaoSchema));
  await dataSource.initialize();
  try {
    await command(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
