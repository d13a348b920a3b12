import type { Message } from '@atrio/protocol';

/**
 * Desktop notifications for mentions and direct messages, only while the tab is hidden and only
 * after the person turned them on (the browser asks once).
 */
export function notify(message: Message, roomName: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible') return;
  const notification = new Notification(`${message.authorName} · ${roomName}`, {
    body: message.body.slice(0, 200),
    tag: `atrio-room-${message.roomId}`,
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

export async function askNotificationPermission(): Promise<NotificationPermission> {
  if (typeof Notification === 'undefined') return 'denied';
  return Notification.requestPermission();
}
