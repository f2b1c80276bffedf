/**
 * The result of an action (mirror now, rotate the edge key, unlink, move entry variants) as venus' toast
 * (`Notification`, react-toastify underneath). Each toast is an ARIA live alert, so screen readers announce it
 * without focus moving; it closes by itself after a few seconds (longer for longer text), as the CMS's do. What an
 * author must still act on stays on the page as an inline notice (`notice.tsx`).
 */
import { Notification } from '@contentstack/venus-components';
import './notify.css';
import { venusFunction } from './venus-function';

type Notify = (options: {
  type: 'success' | 'error' | 'message';
  notificationContent: { text: string; description?: string };
  notificationProps?: { position?: 'bottom-center'; hideProgressBar?: boolean; closeButton?: boolean };
}) => unknown;

export function notify(kind: 'success' | 'error' | 'info', text: string, description?: string): void {
  venusFunction<Notify>(
    Notification,
    'Notification',
  )({
    type: kind === 'info' ? 'message' : kind,
    notificationContent: description === undefined ? { text } : { text, description },
    notificationProps: { position: 'bottom-center', hideProgressBar: true },
  });
}
