import { randomBytes, randomUUID } from 'node:crypto';

/** `blt` + 16 hex: the shape of stack, entry, user and org uids in Contentstack. */
export const bltUid = (): string => `blt${randomBytes(8).toString('hex')}`;

/** `cs` + 16 hex: the shape of variant-group and variant uids made by Personalize. */
export const csUid = (): string => `cs${randomBytes(8).toString('hex')}`;

/** Publish jobs are identified by a UUID in the CMA's 3.2 answers. */
export const jobId = (): string => randomUUID();
