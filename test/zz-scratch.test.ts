import { it } from 'vitest';
import { domains } from '../contracts/index.ts';
import { CutoverStats } from '../properties/cutover-data.ts';
import { runLegacyShapes } from '../properties/legacy-shapes.ts';
import { runVerifyPlanted } from '../properties/verify-planted.ts';
import { useScratchStores } from './support.ts';
const s = useScratchStores();
it('scratch', async () => {
  for (const name of (process.env.DOMS ?? 'marketplace').split(',')) {
    const domain = domains.find((d) => d.name === name)!;
    const a = new CutoverStats(); const b = new CutoverStats();
    let t = performance.now();
    const o1 = await runLegacyShapes({ domain, registry: domains, pg: s.pg, mongo: s.mongo, runs: 4, seed: 11, stats: a });
    const t1 = performance.now() - t; t = performance.now();
    const o2 = await runVerifyPlanted({ domain, registry: domains, pg: s.pg, mongo: s.mongo, runs: 4, seed: 11, stats: b });
    console.log(name, Math.round(t1), Math.round(performance.now() - t), JSON.stringify(o1).slice(0, 1500), JSON.stringify(o2).slice(0, 1500), JSON.stringify(a), JSON.stringify(b));
  }
});
