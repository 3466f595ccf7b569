/**
 * カメラで読む: the clerk holds an envelope window, an employee ID card or a row of the 受領簿 up to the PC's
 * camera. A live preview with a guide frame; a camera chooser; on/off remembered on this PC. A read that
 * names one household acts like a scan; anything else stays grey with what was read, and a near match can
 * be confirmed by hand.
 */
import { useEffect, useRef, useState } from 'react';
import { VIA_LABELS } from '../../../shared/handover';
import { GUIDE, useCameraReader, type CameraRead } from './useCameraReader';

const ON_KEY = 'kubaru.camera';
const DEVICE_KEY = 'kubaru.cameraDevice';

export interface CameraPanelProps {
  /** A read that named one household, confirmed by two frames. */
  onAct: (read: CameraRead) => Promise<void>;
  /** The clerk confirmed a near match by hand: the household's 記号-番号. */
  onConfirm?: (code: string) => Promise<void>;
}

export function CameraPanel({ onAct, onConfirm }: CameraPanelProps) {
  const [on, setOn] = useState(() => localStorage.getItem(ON_KEY) === '1');
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(DEVICE_KEY) ?? '');
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  // The preview keeps the camera's own shape, so the guide frame covers exactly the part that is read.
  const [aspect, setAspect] = useState('4 / 3');
  const video = useRef<HTMLVideoElement>(null);
  const state = useCameraReader(video, { on, deviceId, onAct });

  useEffect(() => {
    if (!on || !state.running) return;
    void navigator.mediaDevices.enumerateDevices().then((all) => setDevices(all.filter((d) => d.kind === 'videoinput')));
  }, [on, state.running]);

  const toggle = () => {
    localStorage.setItem(ON_KEY, on ? '0' : '1');
    setOn(!on);
  };
  const choose = (id: string) => {
    localStorage.setItem(DEVICE_KEY, id);
    setDeviceId(id);
  };
  const u = state.unmatched;

  return (
    <section className="camera" aria-label="カメラで読む">
      <div className="camera-head">
        <label className="radio">
          <input type="checkbox" checked={on} onChange={toggle} />
          カメラで読む
        </label>
        {on && devices.length > 1 && (
          <select aria-label="カメラ" value={deviceId} onChange={(e) => choose(e.target.value)}>
            <option value="">既定のカメラ</option>
            {devices.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `カメラ ${i + 1}`}
              </option>
            ))}
          </select>
        )}
        {on && state.frameMs !== null && <span className="camera-speed" data-testid="camera-frame-ms">{state.frameMs} ms/枚</span>}
      </div>
      {on && (
        <>
          <div className="camera-view" style={{ aspectRatio: aspect }}>
            <video
              ref={video}
              muted
              playsInline
              aria-label="カメラの映像"
              onLoadedMetadata={(e) => setAspect(`${e.currentTarget.videoWidth} / ${e.currentTarget.videoHeight}`)}
            />
            <div
              className="camera-guide"
              style={{ left: `${GUIDE.left * 100}%`, top: `${GUIDE.top * 100}%`, width: `${GUIDE.width * 100}%`, height: `${GUIDE.height * 100}%` }}
            />
          </div>
          {state.error ? (
            <p className="camera-error" role="alert">
              {state.error}
            </p>
          ) : u ? (
            <div className="camera-read unknown" data-testid="camera-read">
              <p>
                読み取り（{VIA_LABELS[u.via]}）: <span className="code">{u.identity.display || u.text}</span> —{' '}
                {u.identity.ambiguous
                  ? '複数の世帯が該当するため渡しません'
                  : u.identity.near.length > 0
                    ? '世帯が一つに決まらないため渡しません'
                    : '一覧に該当する世帯がありません'}
              </p>
              {onConfirm && u.identity.near.length > 0 && (
                <p className="camera-near">
                  近い候補:{' '}
                  {u.identity.near.map((n) => (
                    <button key={n.envelopeId} type="button" onClick={() => void onConfirm(n.code)}>
                      {n.code} {n.holderName} さんに渡す
                    </button>
                  ))}
                </p>
              )}
            </div>
          ) : (
            <p className="camera-hint">封筒の窓（記号・番号）、社員証や受領簿のバーコードを枠に合わせてください。</p>
          )}
        </>
      )}
    </section>
  );
}
