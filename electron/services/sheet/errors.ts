/** A list that cannot be imported. The message is Japanese and shown to the clerk as it is. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export const MSG_UNREADABLE = 'ファイルを読めません。Excel（.xlsx/.xls）かCSVのファイルか確認してください';
export const MSG_NO_ROWS = '取り込む行がありません';
