import { useApp } from '../../state/store';

/** Pins a chart to the top of the curves view (or unpins it). Reads the store itself so a chart needs one line. */
export function PinButton({ metric }: { readonly metric: string }) {
  const isPinned = useApp((s) => s.pinnedCharts.includes(metric));
  const toggle = useApp((s) => s.togglePinnedChart);
  return (
    <button
      type="button"
      className={isPinned ? 'link pin-button pinned' : 'link pin-button'}
      data-testid="curves.pin"
      aria-pressed={isPinned}
      title={isPinned ? 'Unpin this chart' : 'Pin this chart to the top'}
      onClick={() => toggle(metric)}
    >
      {isPinned ? 'Unpin' : 'Pin'}
    </button>
  );
}
