import { randomBytes } from 'node:crypto';

/** Personalize uids are 24-hex MongoDB ObjectIds ("not a valid ObjectId" is its error for anything else). */
export const objectId = (): string => randomBytes(12).toString('hex');
