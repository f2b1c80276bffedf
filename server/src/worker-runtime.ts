// Wires the workers: queues, request budget, clients, processors and the sweep schedule. `npm run worker` runs it
// (main-worker.ts); tests start it in-process or as a child process with their own configuration.
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { mirrorJobSchema, type GuardPolicy } from '@pb/shared';
import type { Config } from './config';
import { connectForWorker } from './redis';
import { QUEUES, keys } from './queue/names';
import { retryDelayMs } from './queue/backoff';
import { DeadLetterStore } from './queue/dead-letters';
import { withDeadLetters } from './queue/dead-letter-guard';
import { mirrorJobOptions } from './queue/producer';
import { mirrorProcessor, type PortsFactory } from './queue/mirror-processor';
import { sweep } from './queue/sweep-processor';
import { poll } from './queue/poll-processor';
import { createCmaClient } from './clients/cma-client';
import { createPersonalizeClient } from './clients/personalize-client';
import type { InstallationDirectory } from './installations';
import { budgetFor, createInstallations } from './install/wiring';
import { purgeInstallation } from './install/purge';
import { purgeJobSchema } from './install/purge-job';
import { STACK_SWEEP_JOB_OPTIONS, sweepJobSchema, type SweepJob } from './queue/sweep-job';
import { MirrorState } from './mirror/mirror-state';
import { withAutoLinkedContentTypes } from './mirror/auto-link';
import { contentTypeUidsReader } from './clients/content-type-uids';
import { WorkerCounters } from './metrics';
import type { CallObserver } from './clients/call-observer';
import { recomputePorts, startRecomputeWorker } from './assignments/wiring';
import { coverageEventProcessor } from './assignments/coverage-processor';
import { assignmentKeys } from './assignments/keys';
import { RedisTableStore } from './assignments/table-store';

export interface WorkerRuntime {
  /** Stops taking jobs and waits for active ones, at most `deadlineMs`; then force-closes. */
  close(deadlineMs?: number): Promise<void>;
}

export interface WorkerRuntimeOptions {
  installations?: InstallationDirectory;
}

export async function startWorkerRuntime(
  config: Config,
  log: Logger,
  options: WorkerRuntimeOptions = {},
): Promise<WorkerRuntime> {
  const k = keys(config.QUEUE_PREFIX);
  const redis = connectForWorker(config.REDIS_URL);
  const prefix = config.QUEUE_PREFIX;
  const queueOptions = { connection: redis, prefix };
  const mirrorQueue = new Queue(QUEUES.mirror, queueOptions);
  const recomputeQueue = new Queue(QUEUES.recompute, queueOptions);
  const sweepQueue = new Queue(QUEUES.sweep, queueOptions);
  const eventsQueue = new Queue(QUEUES.events, queueOptions);
  const pollQueue = new Queue(QUEUES.poll, queueOptions);
  for (const q of [mirrorQueue, recomputeQueue, sweepQueue, eventsQueue, pollQueue])
    q.on('error', (e) => log.warn({ err: e.message }, 'queue error'));

  const deadLetters = new DeadLetterStore(redis, k.deadLetters);
  const counters = new WorkerCounters(redis, `${prefix}:metrics`);
  const state = new MirrorState(redis, k);
  const budget = budgetFor(config, redis);
  // The installed stacks (app tokens refreshed before they expire) plus the operator-configured one, if any.
  const installations = options.installations ?? createInstallations(config, redis, { budget, log }).directory;
  const observer: CallObserver = (call) => {
    counters.add('pb_external_calls_total', { service: call.service, status: String(call.status ?? 'none') });
    if (call.status === 429) counters.add('pb_external_rate_limited_total', { service: call.service });
  };
  // One client pair per job: the CMA adapter reads each failed call's headers, which needs sequential calls.
  const ports: PortsFactory = (installation) => {
    // Both the mirror's CMA client and the auto-link view's content-type reader reach the stack's CMA this way.
    const stackCma = {
      baseUrl: config.cmaUrl,
      stackApiKey: installation.stackApiKey,
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: config.HTTP_TIMEOUT_MS,
    };
    const personalize = createPersonalizeClient({
      baseUrl: config.personalizeUrl,
      projectUid: installation.projectUid,
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      observer,
    });
    return {
      personalize: withAutoLinkedContentTypes(
        personalize,
        installation.autoLinkContentTypes ?? [],
        contentTypeUidsReader(stackCma),
      ),
      cma: createCmaClient({ ...stackCma, observer }),
      listing: () => personalize.listExperiences(),
    };
  };
  const policy: GuardPolicy = { deletedExperience: config.MIRROR_DELETED_EXPERIENCE };
  const syncDeadlineMs = config.SYNC_DEADLINE_S * 1000;
  const workerOptions = {
    connection: redis,
    prefix,
    lockDuration: config.JOB_LOCK_MS,
    stalledInterval: config.STALLED_CHECK_MS,
    maxStalledCount: 5,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
        retryDelayMs(attemptsMade, error, { baseMs: config.BACKOFF_BASE_MS, maxMs: config.BACKOFF_MAX_MS }),
    },
  };
  const enqueueMirror = async (job: Parameters<typeof mirrorJobOptions>[0]) => {
    await mirrorQueue.add('mirror', mirrorJobSchema.parse(job), mirrorJobOptions(job, config.JOB_ATTEMPTS));
  };

  const workers: Worker[] = [
    new Worker(
      QUEUES.mirror,
      withDeadLetters(
        QUEUES.mirror,
        deadLetters,
        mirrorProcessor({
          installations,
          ports,
          policy,
          syncDeadlineMs,
          state,
          recompute: recomputeQueue,
          recheck: async (job, delayMs) => {
            await mirrorQueue.add('mirror', job, { ...mirrorJobOptions(job, config.JOB_ATTEMPTS), delay: delayMs });
          },
          pollIntervalMs: config.POLL_INTERVAL_S * 1000,
          counters,
          log,
        }),
      ),
      { ...workerOptions, concurrency: config.WORKER_CONCURRENCY },
    ),
    new Worker(
      QUEUES.sweep,
      withDeadLetters(QUEUES.sweep, deadLetters, async (job) => {
        const { stackApiKey } = sweepJobSchema.parse(job.data);
        // A newly authorized stack also gets its project's periodic assignments refresh.
        const installation = stackApiKey === undefined ? undefined : await installations.forStack(stackApiKey);
        if (installation !== undefined) await recompute.scheduleFor(installation);
        return sweep({ installations, ports, state, enqueueMirror, log }, stackApiKey);
      }),
      { ...workerOptions, concurrency: 1 },
    ),
    // The poll: one Personalize call per installed project each POLL_INTERVAL_S; guard runs only for what changed.
    new Worker(
      QUEUES.poll,
      withDeadLetters(QUEUES.poll, deadLetters, () =>
        poll({ installations, ports, state, enqueueMirror, syncDeadlineMs, now: () => new Date(), log }),
      ),
      { ...workerOptions, concurrency: 1 },
    ),
    // CMS and lifecycle events: entry-variant events update the coverage of the assignment tables; the other
    // modules' events are drained (their job name returned) until their features consume them, so the queue cannot
    // grow without bound.
    new Worker(
      QUEUES.events,
      coverageEventProcessor({
        installations,
        ports: recomputePorts(config, budget),
        store: new RedisTableStore(redis, assignmentKeys(prefix)),
        log,
      }),
      { ...workerOptions, concurrency: 1 },
    ),
  ];
  // Uninstalls: remove what the installation left. Retried while jobs of the stack are still running. Every queue
  // whose jobs can name the stack is purged: a stack sweep that failed, or waits for its retry, names it too.
  workers.push(
    new Worker(
      QUEUES.purge,
      async (job) => {
        const purge = purgeJobSchema.parse(job.data);
        const report = await purgeInstallation(
          redis,
          prefix,
          [mirrorQueue, eventsQueue, recomputeQueue, sweepQueue],
          purge,
        );
        log.info({ stackApiKey: purge.stackApiKey, ...report }, 'installation purged');
        if (report.jobsStillActive > 0) throw new Error(`${report.jobsStillActive} jobs of the stack still running`);
        // Reinstalled before this purge ran (or a reinstall replaced an uninstall that never arrived): the project's
        // mirror state, tables and refresh schedule just went with the old installation's, so the new one is swept
        // again from nothing: its experiences are re-mirrored (idempotently) and its assignments recomputed.
        if ((await installations.forStack(purge.stackApiKey)) !== undefined) {
          await sweepQueue.add('sweep', { stackApiKey: purge.stackApiKey } satisfies SweepJob, STACK_SWEEP_JOB_OPTIONS);
          log.info({ stackApiKey: purge.stackApiKey }, 'reinstalled during the purge: the stack is swept again');
        }
        return report;
      },
      { ...workerOptions, concurrency: 1 },
    ),
  );
  // The assignments engine consumes the recompute-assignments jobs the mirror queues on activation.
  const recompute = startRecomputeWorker({
    config,
    redis,
    budget,
    installations,
    log,
    workerOptions: {
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.STALLED_CHECK_MS,
      settings: workerOptions.settings,
    },
    sweepMs: config.SWEEP_INTERVAL_MS,
  });
  workers.push(recompute.worker);
  for (const worker of workers) {
    worker.on('error', (e) => log.warn({ err: e.message }, 'worker error'));
    worker.on('failed', (job, error) =>
      log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'),
    );
  }
  // The schedules live in Redis. They are written at start and again whenever the connection comes back, since a
  // Redis that restarted without its data (no persistence, a failover to an empty replica) has forgotten them, and
  // without the poll no change in Personalize would be seen again. Upserting is idempotent.
  const installSchedules = async (): Promise<void> => {
    await recompute.schedule();
    await sweepQueue.upsertJobScheduler(
      'mirror-sweep',
      { every: config.SWEEP_INTERVAL_MS },
      {
        name: 'sweep',
        data: {},
        opts: {
          attempts: 3,
          backoff: { type: 'custom' },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 1000 },
        },
      },
    );
    await pollQueue.upsertJobScheduler(
      'mirror-poll',
      { every: config.POLL_INTERVAL_S * 1000 },
      // A poll that fails is simply the next one's to do: no retries, and only the latest few are kept.
      { name: 'poll', data: {}, opts: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } } },
    );
  };
  await installSchedules();
  redis.on('ready', () => {
    installSchedules().then(
      () => log.info('schedules written again after Redis reconnected'),
      (error: unknown) => log.warn({ err: String(error) }, 'schedules not written after the reconnect'),
    );
  });
  log.info({ queues: Object.values(QUEUES), concurrency: config.WORKER_CONCURRENCY }, 'workers started');

  return {
    async close(deadlineMs = config.SHUTDOWN_DEADLINE_MS) {
      // worker.close() waits for active jobs with no limit: race it against the deadline, then force.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), deadlineMs).unref()),
      ]);
      if (timedOut) {
        log.warn({ deadlineMs }, 'shutdown deadline passed: closing workers forcibly (their jobs will be recovered)');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await Promise.allSettled([mirrorQueue, recomputeQueue, sweepQueue, eventsQueue, pollQueue].map((q) => q.close()));
      redis.disconnect();
    },
  };
}
