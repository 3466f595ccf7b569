import type { Session, WebContents } from 'electron';
import { isAppUrl } from './window';

type Navigable = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** No navigation away from the app, no new windows, no <webview>. */
export function hardenWebContents(contents: Navigable): void {
  const blockForeign = (event: { preventDefault: () => void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type Guardable = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

/** Kubaru needs no camera, notifications, … and never loads anything from the network. */
export function hardenSession(session: Guardable): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}
