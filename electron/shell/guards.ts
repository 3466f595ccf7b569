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

/**
 * The one permission Kubaru asks for is the camera (カメラで読む), for its own page only: video, never the
 * microphone, never any other permission (notifications, geolocation, …), never for another origin.
 * Frames stay in the renderer; nothing is recorded or sent.
 */
export function isCameraRequest(
  permission: string,
  origin: string,
  media: { mediaTypes?: readonly string[] | undefined; mediaType?: string | undefined },
): boolean {
  if (permission !== 'media' || !isAppUrl(origin)) return false;
  if (media.mediaTypes) return media.mediaTypes.length > 0 && media.mediaTypes.every((t) => t === 'video');
  return media.mediaType === 'video';
}

/** The camera for the app's own page and nothing else; nothing is ever loaded from the network. */
export function hardenSession(session: Guardable): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const d = (details ?? {}) as { requestingUrl?: string; mediaTypes?: string[] };
    callback(isCameraRequest(permission, d.requestingUrl ?? '', { mediaTypes: d.mediaTypes ?? [] }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isCameraRequest(permission, requestingOrigin ?? '', { mediaType: (details as { mediaType?: string } | undefined)?.mediaType }),
  );
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}
