// The hash tags of every Redis key this app writes. On a Redis Cluster a key's slot is the hash of its `{tag}`
// alone, so what one Lua script, MULTI or multi-key command touches must carry one tag; the tag is the project or
// stack (or organization) where data is per project, so that projects spread over the masters. Every key still starts
// with `<QUEUE_PREFIX>:` (one SCAN pattern finds a deployment's keys). No migration is needed from the untagged layout
// of earlier versions: there are no production installs of those yet.
//
// | Keys (after `<prefix>:`)                              | Tag            | Why together                                     |
// | ----------------------------------------------------- | -------------- | ------------------------------------------------ |
// | `{prj:<p>}:asg:current`, `{prj:<p>}:asg:table:<rev>`  | project        | the table's compare-and-set script (table-store) |
// | `{prj:<p>}:res:<exp>[:day:<ver>]`, `{prj:<p>}:evu:<u>`| project        | the impression and conversion scripts            |
// | `ua:{prj:<p>}:<u>`, `uan:{prj:<p>}` (visitor attrs.)  | project        | a write's compare-and-set, visitor + dictionary |
// | `{mirror-state}:<hash>`                               | one slot       | sync record + overdue gauge in one MULTI; small  |
// | `{installations}:index`, `{installations}:record:<s>` | one slot       | record + index set in one MULTI; one per stack   |
// | `{stk:<s>}:lock`                                      | stack          | the lock's release script (one key)              |
// | `{org:<o>}:budget:<kind>`                             | organization   | the budget's ACQUIRE script (one key)            |
// | `{ops}:dead-letters`, `{ops}:metrics`                 | one slot       | one hash each, read by operators                 |
// | `{<queue>}:<queue>:*` (BullMQ, queue/names.ts)        | queue          | BullMQ's scripts touch one queue's keys          |
// | rate limits, webhook ledger                           | (their owners) | http/rate-limit.ts, webhooks/redis-ledger.ts     |
//
// The one-slot families are small (a field per experience, installation or failed job): they cost one shard a few
// kilobytes, not the visitors' data, which is what a cluster is for.

/** A project's data: its assignment tables and its experiment results. */
export const projectTag = (projectUid: string): string => `{prj:${projectUid}}`;

/** A stack's installation lock. */
export const stackTag = (stackApiKey: string): string => `{stk:${stackApiKey}}`;

/** An organization's request budget. */
export const orgTag = (organizationUid: string): string => `{org:${organizationUid}}`;

/** The families that live in one slot on purpose (see the table). */
export const SHARED_TAGS = {
  mirrorState: '{mirror-state}',
  installations: '{installations}',
  ops: '{ops}',
} as const;
