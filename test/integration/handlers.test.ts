import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_NAMES, argSchemas } from '../../shared/api';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { dispatch, handlers } from '../../electron/services/handlers';
import { tempDir } from '../e2e/harness';

const ctx = () => createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));

describe('dispatch', () => {
  it('has exactly one handler and one schema per API name', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_NAMES].sort());
    expect(Object.keys(argSchemas).sort()).toEqual([...API_NAMES].sort());
  });

  it('refuses unknown names and prototype tricks', async () => {
    const c = ctx();
    for (const name of ['dropDatabase', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await dispatch(c, name, undefined)).toEqual({ ok: false, error: '不明な操作です。' });
    }
  });

  it('validates arguments and answers in Japanese, changing nothing', async () => {
    const c = ctx();
    const blank = await dispatch(c, 'saveSettings', { companyName: '  ', operatorName: '山田' });
    expect(blank).toEqual({ ok: false, error: '事業所名を入力してください' });
    const extra = await dispatch(c, 'saveSettings', { companyName: 'A社', operatorName: '山田', admin: true });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error).toMatch(/認識されていないキー/);
    const wrongType = await dispatch(c, 'saveSettings', 'A社');
    expect(wrongType.ok).toBe(false);
    expect(await dispatch(c, 'getSettings', undefined)).toMatchObject({ ok: true, value: { companyName: null } });
  });

  it('trims and saves settings', async () => {
    const c = ctx();
    const r = await dispatch(c, 'saveSettings', { companyName: ' 株式会社サンプル ', operatorName: '山田　' });
    expect(r).toMatchObject({ ok: true, value: { companyName: '株式会社サンプル', operatorName: '山田' } });
  });

  it('turns an unexpected failure into a generic message and logs it', async () => {
    const c = ctx();
    c.db.close(); // any query now throws a non-user error
    const logged: string[] = [];
    const r = await dispatch(c, 'getStatus', undefined, (m) => logged.push(m));
    expect(r).toEqual({ ok: false, error: expect.stringContaining('予期しないエラー') });
    expect(logged).toEqual(['handler getStatus failed']);
  });
});
