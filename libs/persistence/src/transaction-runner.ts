import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way to open a transaction. Repositories ask it for the current EntityManager, so everything a
 * service does inside `run` joins the same transaction without passing managers around. Work registered with
 * `afterCommit` runs only once the outermost transaction has committed.
 *
 * SQLite (the embedded default) has a single connection, so transactions there are serialised.
 */
interface Scope {
  manager: EntityManager;
  afterCommit: Array<() => void | Promise<void>>;
}

@Injectable()
export class TransactionRunner {
  private readonly storage = new AsyncLocalStorage<Scope>();
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  get dialect(): 'mysql' | 'sqlite' {
    return this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.storage.getStore();
    if (outer) return work(outer.manager);
    if (this.dialect === 'sqlite') return this.serialised(() => this.runOutermost(work));
    return this.runOutermost(work);
  }

  /** Defers side effects (cache writes, wake-ups) until the data they describe is visible to others. */
  afterCommit(effect: () => void | Promise<void>): void {
    const scope = this.storage.getStore();
    if (!scope) {
      void Promise.resolve(effect());
      return;
    }
    scope.afterCommit.push(effect);
  }

  private async runOutermost<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const effects: Scope['afterCommit'] = [];
    const result = await this.dataSource.transaction((manager) =>
      this.storage.run({ manager, afterCommit: effects }, () => work(manager)),
    );
    for (const effect of effects) await effect();
    return result;
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const next = this.sqliteQueue.then(task, task);
    this.sqliteQueue = next.catch(() => undefined);
    return next;
  }
}
