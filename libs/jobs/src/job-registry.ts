import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  EVENT_HANDLER_METADATA,
  EventHandlerMetadata,
  JOB_HANDLER_METADATA,
  JobData,
  JobHandlerMetadata,
  JobOptions,
  PublishedEvent,
} from '@tongdao/kernel';
import { ConsumedEvents } from './consumed-events';

export type JobFunction = (data: JobData) => Promise<void>;

export interface RegisteredJob {
  name: string;
  options: JobOptions;
  run: JobFunction;
}

export function eventJobName(consumer: string): string {
  return `event:${consumer}`;
}

/** Payload of the job that carries one event to one consumer. */
export interface EventJobData extends JobData {
  event: PublishedEvent;
}

type Method = (arg: unknown) => Promise<void>;

/**
 * Finds every @JobHandler and @EventHandler method at start-up. Two handlers for one job type, or two
 * consumers with one name, stop the process: a job type means exactly one piece of code.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly jobs = new Map<string, RegisteredJob>();
  private readonly consumersByEvent = new Map<string, string[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly consumed: ConsumedEvents,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const methodName of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const bound = (method as Method).bind(instance);
        const job = this.reflector.get<JobHandlerMetadata | undefined>(JOB_HANDLER_METADATA, method);
        if (job) this.add(job.name, job.options, bound);
        const event = this.reflector.get<EventHandlerMetadata | undefined>(EVENT_HANDLER_METADATA, method);
        if (event) this.addConsumer(event, bound);
      }
    }
    this.logger.log(`registered ${this.jobs.size} job types`);
  }

  get(name: string): RegisteredJob | undefined {
    return this.jobs.get(name);
  }

  all(): RegisteredJob[] {
    return [...this.jobs.values()];
  }

  /** Job names of the consumers subscribed to an event type. */
  consumersOf(eventType: string): string[] {
    return this.consumersByEvent.get(eventType) ?? [];
  }

  private add(name: string, options: JobOptions, run: JobFunction): void {
    if (this.jobs.has(name)) throw new Error(`job type "${name}" has two handlers`);
    this.jobs.set(name, { name, options, run });
  }

  private addConsumer(meta: EventHandlerMetadata, handler: Method): void {
    const jobName = eventJobName(meta.consumer);
    this.add(jobName, meta.options, async (data) => {
      await this.consumed.runOnce(meta.consumer, (data as EventJobData).event, handler);
    });
    this.consumersByEvent.set(meta.event, [...this.consumersOf(meta.event), jobName]);
  }
}
