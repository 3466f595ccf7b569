import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../electron/services/log';
import { dispatch } from '../../electron/services/handlers';
import { createContext } from '../../electron/services/context';
import { openDatabase } from '../../electron/services/db/open';
import { tempDir } from '../e2e/harness';

describe('the support log', () => {
  it('keeps names and numbers an error quotes out of the file', () => {
    const file = path.join(tempDir(), 'kubaru.log');
    const log = createFileLogger(file);
    log('handler scan failed', new TypeError('bad value 田中 さくら 123456789012 in row 12'));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('handler scan failed TypeError:');
    expect(text).toContain('bad value … … ************ in row 12');
    expect(text).not.toMatch(/田中|123456789012/);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('masks a My Number in any spelling, whose groups are too short for the digit-run rule', () => {
    const file = path.join(tempDir(), 'kubaru.log');
    const log = createFileLogger(file);
    log('export failed', new Error("EACCES: open '/home/u/report 1234 5678-9018.xlsx' and 123.456.789.018 and 1234\u200b5678\u200b9018"));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain("open '/home/u/report ************.xlsx' and ************ and ************");
    expect(text.replace(/[^0-9]/g, '')).not.toContain('123456789018');
  });

  it('starts over past its size, keeping one previous file', () => {
    const file = path.join(tempDir(), 'kubaru.log');
    const log = createFileLogger(file, 200);
    for (let i = 0; i < 20; i++) log(`message ${i}`);
    expect(fs.statSync(file).size).toBeLessThan(400);
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toContain('message');
    expect(fs.readFileSync(file, 'utf8')).toContain('message 19');
  });

  it('records a failing handler without its arguments', async () => {
    const file = path.join(tempDir(), 'kubaru.log');
    const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
    ctx.db.close(); // every handler now fails unexpectedly
    const r = await dispatch(ctx, 'search', { query: 'タナカ 01010101' }, createFileLogger(file));
    expect(r).toEqual({ ok: false, error: expect.stringContaining('予期しないエラー') });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('handler search failed');
    expect(text).not.toMatch(/タナカ|01010101/);
  });
});
