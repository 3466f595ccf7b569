import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_NAMES, channelOf } from '../../shared/api';
import { fail } from '../../shared/result';
import type { ServiceContext } from '../services/context';
import { dispatch, type Logger } from '../services/handlers';
import { isAppUrl } from './window';

/** Registers one ipcMain handler per API name, each refusing calls from anything but the app's own page. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, ctx: ServiceContext, log: Logger): void {
  for (const name of API_NAMES) {
    ipcMain.handle(channelOf(name), (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, arg: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isAppUrl(url)) {
        log(`refused IPC ${name} from a foreign frame`);
        return fail('この画面からは操作できません。');
      }
      return dispatch(ctx, name, arg, log);
    });
  }
}
