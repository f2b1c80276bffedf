import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box';

const key = () => randomBytes(32);

describe('secret box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const box = createSecretBox([key()]);
    const sealed = box.seal('cs_at_very-secret', 'stack-a');
    expect(sealed).not.toContain('very-secret');
    expect(box.open(sealed, 'stack-a')).toBe('cs_at_very-secret');
  });

  it('seals the same text differently each time (random IV)', () => {
    const box = createSecretBox([key()]);
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses a ciphertext moved to another stack', () => {
    const box = createSecretBox([key()]);
    expect(box.open(box.seal('token', 'stack-a'), 'stack-b')).toBeNull();
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox([key()]);
    const parts = box.seal('token-token-token', 'a').split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64');
    expect(box.open(parts.join('.'), 'a')).toBeNull();
    expect(box.open('garbage', 'a')).toBeNull();
  });

  it('opens records of the previous key during a rotation, and seals with the new one', () => {
    const oldKey = key();
    const newKey = key();
    const sealedBefore = createSecretBox([oldKey]).seal('old', 'a');
    const rotated = createSecretBox([newKey, oldKey]);
    expect(rotated.open(sealedBefore, 'a')).toBe('old');
    expect(createSecretBox([newKey]).open(rotated.seal('new', 'a'), 'a')).toBe('new');
    expect(createSecretBox([key()]).open(sealedBefore, 'a')).toBeNull();
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretBox([randomBytes(16)])).toThrow(/32-byte/);
    expect(() => createSecretBox([])).toThrow(/32-byte/);
  });
});
