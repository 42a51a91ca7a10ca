import type { Alert } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { formatWindow } from '../format/time';
import { perf } from '../perf';
import { alertDelayText, shortageLines } from './alert-text';
import { t } from '../i18n/i18n';

const ENABLED_KEY = 'dockwatch.lateWarnings';

type Permission = NotificationPermission | 'unsupported';

const currentPermission = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * Opt-in browser notification and beep for new late arrivals. Off until a planner turns it on
 * (the click is also the gesture browsers require before playing sound); the choice is kept in
 * this browser so a wall screen that reloads keeps warning.
 */
export class LateWarnings {
  readonly enabled = signal(localStorage.getItem(ENABLED_KEY) === 'on');
  readonly permission = signal<Permission>(currentPermission());
  #audio: AudioContext | null = null;

  constructor() {
    // Turned on before a reload: browsers allow sound only after a gesture, so take the first one.
    if (this.enabled.peek()) window.addEventListener('pointerdown', () => this.#audioContext(), { once: true, capture: true });
  }

  async enable(): Promise<void> {
    this.#audioContext();
    this.enabled.value = true;
    localStorage.setItem(ENABLED_KEY, 'on');
    if (this.permission.value === 'default') this.permission.value = await Notification.requestPermission();
  }

  disable(): void {
    this.enabled.value = false;
    localStorage.removeItem(ENABLED_KEY);
  }

  /** Beeps and shows a notification for an open late alert, if the planner opted in. */
  warn(alert: Alert, timeZone: string, onOpen: () => void): void {
    if (!this.enabled.peek() || alert.state !== 'open') return;
    perf.recordLateWarning();
    this.#beep();
    if (this.permission.peek() !== 'granted') return;
    const delay = alertDelayText(alert);
    const m = alert.material;
    let notification: Notification;
    try {
      const title = m ? t('alerts.shortageNotification', { sku: m.sku }) : t('alerts.notification', { reference: alert.reference ?? '' });
      // Shown by the system as plain text; supplier names need no escaping there.
      const body = m
        ? shortageLines(m, timeZone, Date.now()).join('\n')
        : `${alert.supplier ?? ''}${delay ? ` · ${delay}` : ''}\n${t('alerts.dock', { dock: alert.dock ?? '—' })} · ${t('alerts.window', { window: alert.windowStart && alert.windowEnd ? formatWindow(alert.windowStart, alert.windowEnd, Date.now(), timeZone) : '—' })}`;
      notification = new Notification(title, {
        body,
        // One notification per alert, however many tabs show the site.
        tag: alert.id,
      });
    } catch {
      // Some browsers (Android Chrome) only notify through a service worker; the beep stands.
      return;
    }
    notification.onclick = () => {
      window.focus();
      onOpen();
      notification.close();
    };
  }

  #audioContext(): AudioContext | null {
    if (typeof AudioContext === 'undefined') return null;
    this.#audio ??= new AudioContext();
    if (this.#audio.state === 'suspended') void this.#audio.resume().catch(() => {});
    return this.#audio;
  }

  /** Two short tones, made on the spot: no audio files to load or cache. */
  #beep(): void {
    const ctx = this.#audioContext();
    if (!ctx) return;
    const start = ctx.currentTime + 0.02;
    for (const [offset, hz] of [
      [0, 880],
      [0.22, 660],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.2);
    }
  }
}
