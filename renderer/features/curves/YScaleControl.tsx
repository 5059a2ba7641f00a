import { useApp } from '../../state/store';

/** Log-scale y and the outlier clip (the y axis fitted to the 1st–99th percentile of what is visible), for every chart. */
export function YScaleControl() {
  const logY = useApp((s) => s.logY);
  const setLogY = useApp((s) => s.setLogY);
  const clip = useApp((s) => s.clipOutliers);
  const setClip = useApp((s) => s.setClipOutliers);
  return (
    <div className="y-scale-control" role="group" aria-label="Y scale">
      <label title="Logarithmic y axis; values at or below zero are left out of the lines">
        <input type="checkbox" data-testid="curves.log-y" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> Log y
      </label>
      <label title="Fit the y axis to the 1st–99th percentile of the visible values, so a spike does not flatten the curve">
        <input type="checkbox" data-testid="curves.clip-outliers" checked={clip} onChange={(e) => setClip(e.target.checked)} /> Clip outliers
      </label>
    </div>
  );
}
