import 'reflect-metadata';
import { createValidationPipe } from '../libs/core/src';
import { PerkQuery } from '../libs/campaigns/src/feed/perk.dto';
const pipe = createValidationPipe();
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
async function main() {
  for (let r = 0; r < 3; r++) {
    const N = 20000; const c0 = cpu();
    for (let i = 0; i < N; i++) await pipe.transform({}, { type: 'query', metatype: PerkQuery, data: undefined });
    console.log('empty query', ((cpu() - c0) / N).toFixed(1), 'µs');
    const c1 = cpu();
    for (let i = 0; i < N; i++) await pipe.transform({ limit: '20', includeLocked: 'true' }, { type: 'query', metatype: PerkQuery, data: undefined });
    console.log('2 params', ((cpu() - c1) / N).toFixed(1), 'µs');
  }
  console.log(await pipe.transform({}, { type: 'query', metatype: PerkQuery, data: undefined }));
}
main();
