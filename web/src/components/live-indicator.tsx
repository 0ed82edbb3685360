import type { FollowState } from '@paddock/wire';

/** Green while updates stream in; amber with the reason while the console reconnects. */
export function LiveIndicator({ stream }: { stream: FollowState }) {
  const text = stream.live ? 'Live' : stream.reconnects > 0 ? 'Reconnecting…' : 'Connecting…';
  return (
    <span className={`live ${stream.live ? 'on' : 'off'}`} role="status" aria-label="Live updates" title={stream.error}>
      <span className="dot" aria-hidden="true" />
      {text}
      {stream.reconnects > 0 && (
        <span className="muted">
          {' '}
          ({stream.reconnects} {stream.reconnects === 1 ? 'reconnect' : 'reconnects'})
        </span>
      )}
    </span>
  );
}
