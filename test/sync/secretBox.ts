/** The tests' stand-in for Electron safeStorage: AES-256-GCM under a key that lives only in this process. */
import crypto from 'node:crypto';
import type { SecretBox } from '../../electron/services/context';

export function testSecretBox(): SecretBox {
  const key = crypto.randomBytes(32);
  return {
    available: () => true,
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(stored) {
      const b = Buffer.from(stored, 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
