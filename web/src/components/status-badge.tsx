import { ServingStatus } from '@paddock/proto/system/v1/system.ts';

const LABELS: Record<number, [string, string]> = {
  [ServingStatus.SERVING_STATUS_SERVING]: ['SERVING', 'ok'],
  [ServingStatus.SERVING_STATUS_NOT_SERVING]: ['NOT SERVING', 'bad'],
};

/**
 * With a label the badge is a status region (screen readers announce a change to NOT SERVING);
 * without one it is plain text, for table rows already named by their first cell.
 */
export function StatusBadge({ status, label }: { status: ServingStatus | undefined; label?: string }) {
  const [text, tone] = (status !== undefined && LABELS[status]) || ['UNKNOWN', 'unknown'];
  if (!label) return <span className={`badge ${tone}`}>{text}</span>;
  return (
    <span className={`badge ${tone}`} role="status" aria-label={label}>
      {text}
    </span>
  );
}
