import type { DiagnosisCategory, DiagnosisSeverity } from '../../domain/diagnosis';

/**
 * NVIDIA Xid codes (docs.nvidia.com/deploy/xid-errors, analyses.md §5.3 C). Data, not branches, so a site can
 * override a code's meaning without touching the matcher. `applicationInduced` codes are usually a user-kernel bug
 * that the driver reports, so they are not blamed on the GPU.
 */
export interface XidInfo {
  readonly code: number;
  readonly meaning: string;
  readonly category: DiagnosisCategory;
  readonly severity: DiagnosisSeverity;
  readonly applicationInduced: boolean;
  /** NVIDIA's resolution bucket, shortened. */
  readonly resolution: string;
}

export const XID_TABLE: readonly XidInfo[] = [
  { code: 13, meaning: 'graphics engine exception', category: 'code', severity: 'warning', applicationInduced: true, resolution: 'restart the application; check for out-of-range accesses in custom kernels' },
  { code: 31, meaning: 'GPU memory page fault', category: 'code', severity: 'warning', applicationInduced: true, resolution: 'restart the application; usually an illegal address in user code' },
  { code: 43, meaning: 'GPU stopped processing', category: 'code', severity: 'warning', applicationInduced: true, resolution: 'restart the application' },
  { code: 48, meaning: 'double-bit ECC error (DBE)', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'drain the node; reset the GPU; replace it if it repeats' },
  { code: 63, meaning: 'ECC page retirement / row-remapping event', category: 'gpu-hardware', severity: 'warning', applicationInduced: false, resolution: 'reset the GPU to apply the remap; watch for repeats' },
  { code: 64, meaning: 'ECC page retirement / row-remapping failure', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'drain the node and contact support: the GPU ran out of spare rows' },
  { code: 74, meaning: 'NVLink error', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'reset the GPUs; check NVLink/NVSwitch health; replace the board if it repeats' },
  { code: 79, meaning: 'GPU has fallen off the bus', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'drain the node; check PCIe seating, power and thermals; contact support' },
  { code: 92, meaning: 'high single-bit ECC error rate', category: 'gpu-hardware', severity: 'warning', applicationInduced: false, resolution: 'watch the GPU; schedule a replacement' },
  { code: 94, meaning: 'contained ECC error', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'restart the application; reset the GPU when convenient' },
  { code: 95, meaning: 'uncontained ECC error', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'drain the node and reset the GPU before reuse' },
  { code: 119, meaning: 'GSP RPC timeout', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'reset the GPU; update the driver/firmware' },
  { code: 120, meaning: 'GSP error', category: 'gpu-hardware', severity: 'critical', applicationInduced: false, resolution: 'reset the GPU; update the driver/firmware' },
];

export function xidInfo(code: number): XidInfo | undefined {
  return XID_TABLE.find((x) => x.code === code);
}
