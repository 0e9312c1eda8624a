/** Cases per property: 1,000 in `npm test`, 10,000 in `npm run test:fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
