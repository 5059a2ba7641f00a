import type { Engine } from '../db/engine';
import { AppError } from '../../shared/ipc/result';
import type { SampleDetail, SampleReq, SamplesPage, SamplesReq } from '../../shared/domain/review';

/** Per-sample review (issue 8 §3). SKELETON: the helper session fills this in. */
export class SamplesService {
  constructor(private readonly engine: Engine) {}

  async page(req: SamplesReq): Promise<SamplesPage> {
    void this.engine;
    void req;
    throw new AppError('internal', 'not built yet');
  }

  async detail(req: SampleReq): Promise<SampleDetail> {
    void req;
    throw new AppError('internal', 'not built yet');
  }
}
