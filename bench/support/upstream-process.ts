// Runs the fake upstream in its own process, so the benchmarked client does not share its CPU time.
import { createFakeUpstream } from '@exai/testkit';

const upstream = await createFakeUpstream({ record: false });
process.send?.({ url: upstream.url });
process.on('disconnect', () => {
  void upstream.close().then(() => process.exit(0));
});
