/** The polling session of polling-round-robin.ts behind a sticky load balancer: every request of the page reaches the same node. */
import { pollingScenario } from './polling-round-robin.ts';

export default pollingScenario(
  'sticky',
  'Polling with sticky sessions',
  'The same two nodes and the same page, behind a load balancer that sends every request of one client to the same node. The polls find their session.',
);
