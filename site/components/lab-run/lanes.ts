/**
 * Whose each row is, for runs with several clients, nodes and a broker: every client gets
 * a colour of a small fixed palette (in the order the clients first connected), every
 * row a lane (a client's, the broker's, a node's own log), and the timeline one combined
 * query — kind, lane and search — with the count and the empty-state words it shows.
 * Plain TypeScript; Timeline.svelte and its filter bar only render it.
 */
import { clientScope, clientsOf, filterRows, searchScope, type ConnectionSummary, type InspectorRow, type RowFilter } from './rows.ts';

/**
 * How many client colours there are: `--client-1` … `--client-6` in tokens.css, each
 * readable as text on the page's backgrounds in light and in dark mode. A seventh client
 * takes the first colour again; its name always shows beside it, so colour is never the
 * only tell.
 */
export const CLIENT_COLOURS = 6;

/** One client of a run, with its colour (1 … CLIENT_COLOURS) and where its connections went. */
export interface ClientLane {
  client: string;
  colour: number;
  connections: number[];
  /** The nodes that served it, when the run has several. */
  nodes: string[];
}

/** Who a row belongs to: a client's connection or note, the broker, or a node's own log. */
export type RowOwner =
  | { lane: 'client'; client: string; colour: number; connection?: number; node?: string }
  | { lane: 'broker'; node: string }
  | { lane: 'server'; node: string };

/** What the timeline knows about a run's clients and nodes, built once per run. */
export interface RunLanes {
  clients: ClientLane[];
  /** More than one client: rows get markers and the lane filter lists each client. */
  multiClient: boolean;
  /** More than one node: markers name the node. */
  multiNode: boolean;
  /** Whether any row is the broker's. */
  hasBroker: boolean;
  byConnection: Map<number, { client: string; colour: number; node?: string }>;
  byClient: Map<string, ClientLane>;
}

/** The clients in the order they first connected, each with its colour. */
export function clientLanes(connections: readonly ConnectionSummary[]): ClientLane[] {
  return clientsOf(connections).map(({ client, connections: ids }, i) => {
    const nodes = [...new Set(connections.filter((c) => c.client === client && c.node).map((c) => c.node!))];
    return { client, colour: (i % CLIENT_COLOURS) + 1, connections: ids, nodes };
  });
}

/** The lanes of a run: its clients' colours, and whether it has several clients, nodes, a broker. */
export function runLanes(connections: readonly ConnectionSummary[], rows: readonly InspectorRow[]): RunLanes {
  const clients = clientLanes(connections);
  const byClient = new Map(clients.map((lane) => [lane.client, lane]));
  const byConnection = new Map<number, { client: string; colour: number; node?: string }>();
  const nodes = new Set<string>();
  for (const c of connections) {
    byConnection.set(c.connection, { client: c.client, colour: byClient.get(c.client)!.colour, ...(c.node ? { node: c.node } : {}) });
    if (c.node) nodes.add(c.node);
  }
  let hasBroker = false;
  for (const row of rows) {
    if (row.kind === 'broker') {
      hasBroker = true;
      nodes.add(row.node);
    } else if (row.kind === 'note' && row.node) nodes.add(row.node);
  }
  return { clients, multiClient: clients.length > 1, multiNode: nodes.size > 1, hasBroker, byConnection, byClient };
}

/** Whose a row is; undefined for a row of no one in particular (a single-client run's own rows need no marker). */
export function rowOwner(row: InspectorRow, lanes: RunLanes): RowOwner | undefined {
  if (row.kind === 'broker') return { lane: 'broker', node: row.node };
  const known = lanes.byConnection.get(row.connection);
  if (known) return { lane: 'client', client: known.client, colour: known.colour, connection: row.connection, ...(known.node ? { node: known.node } : {}) };
  if (row.kind === 'note' && row.side === 'page' && row.client) {
    const lane = lanes.byClient.get(row.client);
    if (lane) return { lane: 'client', client: row.client, colour: lane.colour };
  }
  if (row.kind === 'note' && row.node) return { lane: 'server', node: row.node };
  return undefined;
}

/** Whether rows should carry owner markers at all: only when there is more than one of something. */
export const showsOwners = (lanes: RunLanes): boolean => lanes.multiClient || lanes.multiNode || lanes.hasBroker;

/** The marker's words: "alice", "alice · a" (its node, when there are several), "broker · b", "node a". */
export function ownerText(owner: RowOwner, lanes: RunLanes): string {
  switch (owner.lane) {
    case 'broker': return `broker · ${owner.node}`;
    case 'server': return `node ${owner.node}`;
    // The connection's number has a column of its own.
    case 'client': return `${owner.client}${lanes.multiNode && owner.node ? ` · ${owner.node}` : ''}`;
  }
}

/** The lane filter's value: every lane, the broker's, or one client's. */
export type LaneFilter = { lane: 'all' } | { lane: 'broker' } | { lane: 'client'; client: string };

/** One chip of the lane filter: a lane, its colour once a run has given it one, its rows once a run has ended. */
export interface LaneChoice {
  id: string;
  label: string;
  filter: LaneFilter;
  colour?: number;
  count?: number;
}

/**
 * The chips for these clients (each listed when there are several) and the broker (when
 * there is one), after All; none when there is neither. What a client or the broker does
 * not have yet (a colour, a count) stays undefined.
 */
function chipsFor(clients: ReadonlyArray<{ client: string; colour?: number; count?: number }>, broker: { count?: number } | undefined, total?: number): LaneChoice[] {
  const named: LaneChoice[] = [
    ...(clients.length > 1 ? clients.map(({ client, colour, count }) => ({ id: `client:${client}`, label: client, filter: { lane: 'client', client } as LaneFilter, colour, count })) : []),
    ...(broker ? [{ id: 'broker', label: 'Broker', filter: { lane: 'broker' } as LaneFilter, count: broker.count }] : []),
  ];
  return named.length ? [{ id: 'all', label: 'All', filter: { lane: 'all' }, count: total }, ...named] : [];
}

/** The lane filter's chips: All, each client with its colour, Broker (each with its count). */
export function laneChoices(lanes: RunLanes, rows: readonly InspectorRow[]): LaneChoice[] {
  if (!lanes.multiClient && !lanes.hasBroker) return [];
  const counts = new Map<string, number>();
  let broker = 0;
  for (const row of rows) {
    if (row.kind === 'broker') broker++;
    const owner = rowOwner(row, lanes);
    if (owner?.lane === 'client') counts.set(owner.client, (counts.get(owner.client) ?? 0) + 1);
  }
  const clients = lanes.clients.map((c) => ({ client: c.client, colour: c.colour, count: counts.get(c.client) ?? 0 }));
  return chipsFor(clients, lanes.hasBroker ? { count: broker } : undefined, rows.length);
}

/**
 * The chips a scenario's lanes will have, before its first run has ended: All, each of
 * its clients (when there are several) and Broker, without counts or colours, so
 * that nothing below them moves when the run ends.
 */
export function expectedLaneChoices(clients: readonly string[], broker: boolean): LaneChoice[] {
  return chipsFor(clients.map((client) => ({ client })), broker ? {} : undefined);
}

/** A chip's id for a lane filter (to mark the pressed one). */
export const laneId = (filter: LaneFilter): string => (filter.lane === 'client' ? `client:${filter.client}` : filter.lane);

/** Everything that narrows the timeline. */
export interface TimelineQuery {
  kind: RowFilter;
  lane: LaneFilter;
  search: string;
}

export const EVERYTHING: TimelineQuery = { kind: 'all', lane: { lane: 'all' }, search: '' };

/** The rows a query keeps, as indexes into `rows`. */
export function queryRows(rows: readonly InspectorRow[], connections: readonly ConnectionSummary[], query: TimelineQuery): number[] {
  const lane = query.lane.lane === 'broker'
    ? (row: InspectorRow) => row.kind === 'broker'
    : query.lane.lane === 'client' ? clientScope(connections, query.lane.client) : undefined;
  const search = query.search.trim() ? searchScope(query.search) : undefined;
  const scope = lane && search ? (row: InspectorRow) => lane(row) && search(row) : (lane ?? search);
  return filterRows(rows, query.kind, scope);
}

/** Whether anything beyond the kind filter narrows the list (then the count is worth saying). */
export const isNarrowed = (query: TimelineQuery): boolean => query.kind !== 'all' || query.lane.lane !== 'all' || query.search.trim() !== '';

/** "12 of 340 rows", "340 rows". */
export function matchCount(shown: number, total: number, narrowed: boolean): string {
  const n = (value: number) => value.toLocaleString('en');
  return narrowed ? `${n(shown)} of ${n(total)} rows` : `${n(total)} ${total === 1 ? 'row' : 'rows'}`;
}

/** What an empty list says, naming what narrowed it. */
export function emptyMessage(query: TimelineQuery): string {
  const parts: string[] = [];
  if (query.search.trim()) parts.push(`match “${query.search.trim()}”`);
  if (query.lane.lane === 'client') parts.push(`belong to ${query.lane.client}`);
  if (query.lane.lane === 'broker') parts.push('are the broker’s');
  if (!parts.length) return 'Nothing of this kind in the run.';
  return `No rows of this kind ${parts.join(' and ')}.`;
}

/** The line a row shows: its application label first when it has one ("JSON-RPC request #1 sum · Text “…”"). */
export function rowSummary(row: InspectorRow): string {
  return row.kind === 'frame' && row.app?.label ? `${row.app.label} · ${row.summary}` : row.summary;
}

/** A link from a row's detail to the rows it answers or is answered by. */
export interface RowLink {
  index: number;
  relation: 'answers' | 'answered-by';
  /** The button's words: "Go to the request (JSON-RPC request #1 sum)". */
  label: string;
}

/** The rows a row's detail links to, with the words for each button. */
export function rowLinks(row: InspectorRow | undefined, rows: readonly InspectorRow[]): RowLink[] {
  if (!row || row.kind !== 'frame' || !row.app) return [];
  const label = (index: number) => {
    const target = rows[index];
    return target?.kind === 'frame' && target.app?.label ? ` (${target.app.label})` : '';
  };
  return [
    ...(row.app.answers ?? []).map((index) => ({ index, relation: 'answers' as const, label: `Go to the request${label(index)}` })),
    ...(row.app.answeredBy ?? []).map((index) => ({ index, relation: 'answered-by' as const, label: `Go to the answer${label(index)}` })),
  ];
}

/**
 * The query under which a chosen row shows: the same one when it passes, otherwise one
 * with the filters that hide it taken off (the search first, then the lane, then the kind),
 * so following a link never lands on a row the list cannot show.
 */
export function queryShowing(index: number, rows: readonly InspectorRow[], connections: readonly ConnectionSummary[], query: TimelineQuery): TimelineQuery {
  const row = rows[index];
  if (!row) return query;
  const passes = (q: TimelineQuery) => {
    const one = [row];
    return queryRows(one, connections, q).length === 1;
  };
  if (passes(query)) return query;
  const steps: TimelineQuery[] = [
    { ...query, search: '' },
    { ...query, search: '', lane: { lane: 'all' } },
    EVERYTHING,
  ];
  return steps.find(passes) ?? EVERYTHING;
}
