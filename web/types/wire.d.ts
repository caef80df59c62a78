// Brink's wire protocol (docs/protocol.md) as TypeScript types, generated
// from the Rust types of brink-protocol and brink-engine by ts-rs. Do not
// edit: change the Rust types, then run
//   BRINK_BLESS=1 cargo test -p brink-protocol --features ts --test wire_types
// For tsc only (web/tsconfig.json); the browser never loads it.

/**
 * A side accepting the terms of a letter it received.
 */
export type Acceptance = { 
/**
 * The side accepting.
 */
side: SideId, 
/**
 * The letter whose terms it accepts.
 */
letter: LetterId, 
/**
 * Those terms.
 */
terms: Array<TermId>, };

/**
 * One accident check and what it drew.
 */
export type AccidentCheck = { 
/**
 * The name of the track the chance came from (`Risk of war`; absent
 * from logs written before it was kept).
 */
track?: string | null, 
/**
 * The track's value the chance came from.
 */
value: number, 
/**
 * The chance, in percent.
 */
percent: number, 
/**
 * The draw, 0 to 99: an incident when below `percent`.
 */
draw: number, 
/**
 * When there was an incident: the second draw, 0 to `total_weight` - 1,
 * that picked it (the incidents' weights laid end to end, in the table's
 * order). Absent from logs written before it was recorded.
 */
incident_draw?: number | null, 
/**
 * When there was an incident: the weights of the table, summed.
 */
total_weight?: number | null, 
/**
 * The incident drawn, if any.
 */
incident: Incident | null, 
/**
 * An incident drawn that could not happen, its preconditions not
 * holding: its name and why not. Nothing happens then.
 */
impossible?: string | null, };

/**
 * What a connected player may ask for: the game commands of the protocol.
 *
 * The field-less commands are empty struct variants (`StartGame {}`), not
 * unit variants: serde ignores unknown fields on an internally tagged
 * enum's unit variants, and the protocol refuses unknown fields everywhere.
 * On the wire they are the same: `{"type": "start_game"}`.
 */
export type Action = { "type": "team_chat", 
/**
 * What to say.
 */
text: string, } | { "type": "message_umpire", 
/**
 * What to write.
 */
text: string, } | { "type": "umpire_message", 
/**
 * Who it is for.
 */
to: Audience, 
/**
 * What to write.
 */
text: string, } | { "type": "start_game", } | { "type": "set_title", 
/**
 * The new title: one line, 1 to 120 characters.
 */
title: string, } | { "type": "advance", 
/**
 * Close the Orders phase even though a side has not submitted.
 */
force?: boolean, } | { "type": "pause", } | { "type": "resume", } | { "type": "set_deadline", 
/**
 * Seconds from now, 1 to 36,000.
 */
seconds: number, } | { "type": "extend_deadline", 
/**
 * Seconds to add, 1 to 36,000.
 */
seconds: number, } | { "type": "clear_deadline", } | { "type": "add_turns", 
/**
 * How many, 1 to 30 in all.
 */
turns: number, } | { "type": "end_game", 
/**
 * The verdict, for everyone.
 */
verdict: string, } | { "type": "add_order", 
/**
 * The order.
 */
order: OrderItem, } | { "type": "remove_order", 
/**
 * The item's number.
 */
item: number, } | { "type": "submit_orders", } | { "type": "any_member_submits", 
/**
 * Whether any member may.
 */
allowed: boolean, } | { "type": "rule_action", 
/**
 * The action.
 */
action: ActionId, 
/**
 * The ruling.
 */
ruling: Ruling, } | { "type": "write_outcome", 
/**
 * The action.
 */
action: ActionId, 
/**
 * What came of it.
 */
text: string, 
/**
 * Who learns of it.
 */
to: Audience, 
/**
 * Whether the outcome says the action succeeded (absent: it does
 * not say), checked against the ruling.
 */
success?: boolean | null, 
/**
 * Let an outcome stand that contradicts the ruling.
 */
overrule?: boolean, } | { "type": "confirm_agreement", 
/**
 * Whether to confirm.
 */
confirmed: boolean, } | { "type": "publish", } | { "type": "adjust_track", 
/**
 * The track.
 */
track: TrackId, 
/**
 * By how much (negative: down).
 */
by: number, 
/**
 * Why, for those who know the track exactly.
 */
reason: string, } | { "type": "trigger_incident", 
/**
 * The incident's id in the scenario's table.
 */
incident: string, } | { "type": "inject", 
/**
 * Who reads it.
 */
to: Audience, 
/**
 * What it says.
 */
text: string, 
/**
 * Hold it for the next Briefing instead of releasing it now.
 */
next_briefing?: boolean, } | { "type": "leave_seat", } | { "type": "free_seat", 
/**
 * The side.
 */
side: SideId, 
/**
 * The seat.
 */
seat: SeatId, } | { "type": "move_player", 
/**
 * The player.
 */
player: PlayerId, 
/**
 * The seat to move to.
 */
seat: SeatId, } | { "type": "remove_player", 
/**
 * The player.
 */
player: PlayerId, } | { "type": "declassify", } | { "type": "show_class", 
/**
 * The perspective and the point, or none.
 */
moment?: Moment | null, } | { "type": "note", 
/**
 * What it says.
 */
text: string, 
/**
 * Whether it marks a moment to return to.
 */
bookmark?: boolean, };

/**
 * A free-form action, once orders close: `A` and four letters, e.g. `A3RTX`.
 */
export type ActionId = string;

/**
 * One turn's adjudication: pending (the umpire's alone) until published.
 */
export type Adjudication = { 
/**
 * The turn adjudicated.
 */
turn: number, 
/**
 * What each side had submitted when the phase closed (none: no orders).
 */
orders: Array<ClosedOrders>, 
/**
 * Letters sent this turn.
 */
sent: Array<LetterId>, 
/**
 * Letters the publish delivers (sent this turn or earlier).
 */
deliveries: Array<LetterId>, 
/**
 * Free-form actions to rule on.
 */
actions: Array<ActionId>, 
/**
 * Proposals accepted.
 */
acceptances: Array<Acceptance>, 
/**
 * Letters made public.
 */
publicity: Array<Publicity>, 
/**
 * Terms both sides now stand behind, if any.
 */
agreement: Agreement | null, 
/**
 * Whether the umpire has confirmed the agreement (it then ends the crisis).
 */
confirmed: boolean, 
/**
 * Whether it has been published.
 */
published: boolean, 
/**
 * Track changes, applied at publish.
 */
track_changes: Array<TrackChange>, 
/**
 * Strategic actions resolved at the close (automatic and rolled).
 */
strategic: Array<StrategicResult>, 
/**
 * The accident check made at the close, if the scenario has one.
 */
accident: AccidentCheck | null, 
/**
 * Incidents the umpire brought in from the scenario's table, in order;
 * they happen at publish like one the check drew.
 */
triggered?: Array<Incident>, 
/**
 * Moves, contacts, deliveries, searches and sightings.
 */
naval?: NavalReport, };

/**
 * Terms that both sides stand behind: one proposed them, the other accepted.
 */
export type Agreement = { 
/**
 * The letter that proposed the terms.
 */
letter: LetterId, 
/**
 * The terms.
 */
terms: Array<TermId>, 
/**
 * The proposing side, then the accepting side.
 */
parties: Array<SideId>, 
/**
 * Whether the letter is public, and so the terms (else the parties' alone).
 */
public: boolean, };

/**
 * A modifier that applied to a roll, kept with the result so the review can
 * show why the roll needed what it did.
 */
export type AppliedModifier = { 
/**
 * The track it read.
 */
track: TrackId, 
/**
 * What it added to the roll.
 */
by: number, 
/**
 * The condition that held, for people: `US DEFCON at most 3`.
 */
why: string, };

/**
 * Who a message, an inject or an outcome from the umpire is for.
 */
export type Audience = "all" | { "side": SideId } | { "sides": Array<SideId> };

/**
 * A named band of a track: the values up to `upto` (from the band below).
 */
export type Band = { 
/**
 * Name for people: `elevated`.
 */
name: string, 
/**
 * The highest value in the band.
 */
upto: number, };

/**
 * A channel letters travel by: secret (the two sides and the umpire read it)
 * or public (everyone does), with a delay in turns.
 */
export type ChannelDef = { 
/**
 * Short id: `embassy_cable`.
 */
id: ChannelId, 
/**
 * Name for people: `Embassy cable`.
 */
name: string, 
/**
 * Whether letters sent by it are public (a broadcast, a speech).
 */
public: boolean, 
/**
 * Turns in transit: 0 delivers at the publish of the turn it was sent,
 * 1 at the next turn's publish, and so on.
 */
delay: number, };

/**
 * A letter channel of the scenario: `embassy_cable`, `radio_moscow`.
 */
export type ChannelId = string;

/**
 * A message from a client to the server.
 */
export type ClientMsg = { "type": "hello", 
/**
 * The protocol version the client speaks.
 */
protocol: number, 
/**
 * The client's name and version, for the server's logs.
 */
client: string, } | { "type": "create_session", 
/**
 * Request id.
 */
id: string, 
/**
 * The admin token.
 */
admin_token: string, 
/**
 * The scenario's id.
 */
scenario: string, 
/**
 * How observers follow the session: what is public, live (the
 * default); the umpire's picture some turns behind; or everything
 * once the game has ended.
 */
observers?: ObserverMode, 
/**
 * The session's title, to find it by (one line, at most 120
 * characters); by default the scenario's title. The umpire may
 * change it later (`set_title`).
 */
title?: string | null, } | { "type": "list_sessions", 
/**
 * Request id.
 */
id: string, 
/**
 * The admin token.
 */
admin_token: string, } | { "type": "server_stats", 
/**
 * Request id.
 */
id: string, 
/**
 * The admin token.
 */
admin_token: string, } | { "type": "join", 
/**
 * Request id.
 */
id: string, 
/**
 * The join code handed out by the session's creator.
 */
code: string, 
/**
 * Display name.
 */
name: string, 
/**
 * The seat to take (side players only).
 */
seat?: SeatId | null, } | { "type": "seats", 
/**
 * Request id.
 */
id: string, 
/**
 * The join code.
 */
code: string, } | { "type": "resume", 
/**
 * Request id.
 */
id: string, 
/**
 * The token from [`ServerMsg::Welcome`].
 */
token: string, 
/**
 * The last `seq` this player received; events after it are sent again.
 */
last_seq: number, } | { "type": "command", 
/**
 * Request id.
 */
id: string, 
/**
 * What to do.
 */
command: Action, } | { "type": "replay", 
/**
 * Request id.
 */
id: string, 
/**
 * The session.
 */
session: string, 
/**
 * Who asks.
 */
auth: Credential, 
/**
 * Whose stream to replay: `umpire`, `observer` (the public one), or
 * `{"side": "us"}`.
 */
perspective: Viewer, 
/**
 * Events after this point (default: the start).
 */
from?: Point | null, 
/**
 * Up to this point (default: the end so far).
 */
to?: Point | null, 
/**
 * Whether to send the view at `to` as well.
 */
view?: boolean, } | { "type": "export", 
/**
 * Request id.
 */
id: string, 
/**
 * The session.
 */
session: string, 
/**
 * Who asks.
 */
auth: Credential, 
/**
 * `jsonl` or `csv`.
 */
format: ExportFormat, 
/**
 * Whose stream to export (default: the umpire's whole log for the
 * umpire, one's own side's for a side, the public one for observers).
 */
perspective?: Viewer | null, } | { "type": "report", 
/**
 * Request id.
 */
id: string, 
/**
 * The session.
 */
session: string, 
/**
 * Who asks.
 */
auth: Credential, 
/**
 * `html` or `md`.
 */
format: ReportFormat, } | { "type": "fork", 
/**
 * Request id.
 */
id: string, 
/**
 * The session to fork.
 */
session: string, 
/**
 * Who asks.
 */
auth: Credential, 
/**
 * Where: `turn:N` (the moment before turn N began), or the `seq:N`
 * of such a moment in the umpire's stream.
 */
at: Point, };

/**
 * The session's clock: whether it runs, and the Orders deadline.
 */
export type Clock = { 
/**
 * Whether the umpire has paused the game.
 */
paused: boolean, 
/**
 * When the Orders phase closes by itself (ms since the epoch), while running.
 */
deadline_at_ms: number | null, 
/**
 * While paused: how long the deadline had left when the game was paused.
 */
remaining_ms: number | null, };

/**
 * A side's orders as they stood when the phase closed.
 */
export type ClosedOrders = { 
/**
 * The side.
 */
side: SideId, 
/**
 * Its last submission, if it made one.
 */
submitted: Submission | null, 
/**
 * Not submitted when the deadline closed the phase: the draft as it
 * stood then, which stands as the side's orders (none when the draft
 * was empty, or the scenario discards drafts at the deadline).
 */
draft_used?: Array<DraftItem> | null, };

/**
 * A condition: on a track's value, on the turn, or on where the side's own
 * units are. Give one kind of condition per entry.
 */
export type Condition = { 
/**
 * The track.
 */
track?: TrackId | null, 
/**
 * Holds when the track is at this value or above.
 */
at_least?: number | null, 
/**
 * Holds when the track is at this value or below.
 */
at_most?: number | null, 
/**
 * Holds from this turn on.
 */
from_turn?: number | null, 
/**
 * Holds up to this turn.
 */
until_turn?: number | null, 
/**
 * Holds when one of the side's own units is in this zone.
 */
unit_in?: ZoneId | null, 
/**
 * With `unit_in`: a unit of this kind.
 */
kind?: UnitKind | null, 
/**
 * With `unit_in`: whose unit, where no side is implied (an incident's
 * preconditions); a menu's conditions mean the ordering side's units.
 */
side?: SideId | null, };

/**
 * Ships of two sides meeting at a quarantine line.
 */
export type Contact = { 
/**
 * Where.
 */
zone: ZoneId, 
/**
 * The ship enforcing the line.
 */
enforcer: UnitId, 
/**
 * Its name.
 */
enforcer_name: string, 
/**
 * Its side.
 */
enforcer_side: SideId, 
/**
 * Its stance.
 */
enforcer_stance: string, 
/**
 * The ship it met.
 */
unit: UnitId, 
/**
 * Its name.
 */
unit_name: string, 
/**
 * Its side.
 */
unit_side: SideId, 
/**
 * Its stance.
 */
unit_stance: string, 
/**
 * What came of it.
 */
outcome: ContactOutcome, 
/**
 * What both sides read.
 */
text: string, 
/**
 * For an inspection: the cargo found (none: nothing of note).
 */
cargo: string | null, 
/**
 * Whether the ship was turned back (to where it started).
 */
turned_back: boolean, 
/**
 * Whether the ship was lost.
 */
lost: boolean, };

/**
 * What a contact at a quarantine line comes to.
 */
export type ContactOutcome = "pass" | "turn_back" | "inspect" | "incident" | "shots_fired";

/**
 * What the server has done since it started, for operators and the
 * benchmark: each event is serialized once per distinct view that may see
 * it (`encodings`), whatever the number of connections it goes to
 * (`deliveries`).
 */
export type Counters = { 
/**
 * Players' commands taken up by their sessions.
 */
commands: number, 
/**
 * Events recorded in sessions' logs (restored ones not counted).
 */
events: number, 
/**
 * Event messages serialized: one per view of a live event, and one
 * per event a resuming connection catches up on.
 */
encodings: number, 
/**
 * Event messages queued to connections: one per recipient.
 */
deliveries: number, 
/**
 * Connections open now.
 */
connections: number, 
/**
 * Connections their sessions let go of for falling too far behind (a
 * full outbox), since the server started. Such a connection is closed
 * once its pending write ends or times out, so it may still count in
 * `connections` for a while.
 */
dropped: number, 
/**
 * Heap allocations, when the server was built to count them (the
 * `count-allocations` feature); absent otherwise.
 */
allocations?: number | null, };

/**
 * What a review request (replay, export, report, fork) is authorised by:
 * one's resume token, one's join code, or the admin token.
 */
export type Credential = { "token": string } | { "code": string } | { "admin_token": string };

/**
 * Cargo that reached where it was going.
 */
export type Delivery = { 
/**
 * The unit.
 */
unit: UnitId, 
/**
 * Its side.
 */
side: SideId, 
/**
 * The cargo's name.
 */
cargo: string, 
/**
 * Where.
 */
zone: ZoneId, };

/**
 * An item of a side's orders, numbered within the turn's document.
 */
export type DraftItem = { 
/**
 * Its number in the document, from 1; never reused within a turn.
 */
item: number, 
/**
 * Who drafted it.
 */
by: PlayerId, 
/**
 * From which seat (a letter's author seat).
 */
seat: SeatId, 
/**
 * The order.
 */
order: OrderItem, };

/**
 * A change something makes to a track: by so much, or to a value.
 */
export type Effect = { 
/**
 * The track.
 */
track: TrackId, 
/**
 * By how much (0 with `to`).
 */
by: number, 
/**
 * To this value, from wherever the track stands when the change is
 * worked out (a DEFCON 2 inject, missiles dismantled to none).
 */
to?: number | null, };

/**
 * A fact that happened in a session.
 */
export type Event = { "type": "session_created", 
/**
 * The scenario played.
 */
scenario: string, 
/**
 * The random seed of every roll to come.
 */
seed: number, 
/**
 * How observers follow the session.
 */
observers?: ObserverMode, 
/**
 * The session's title, when it was given one at creation (else
 * the scenario's title is the session's).
 */
title?: string | null, } | { "type": "title_set", 
/**
 * The session's title now.
 */
title: string, } | { "type": "forked", 
/**
 * The parent session's id.
 */
parent: string, 
/**
 * The turn this session begins with.
 */
turn: number, } | { "type": "reseeded", 
/**
 * The seed of every roll from here on.
 */
seed: number, 
/**
 * How many of the parent's events the fork kept.
 */
at_seq: number, } | { "type": "fork_created", 
/**
 * The new session's id.
 */
fork: string, 
/**
 * How many of this session's events the fork kept.
 */
at_seq: number, 
/**
 * The turn the fork begins with.
 */
turn: number, } | { "type": "declassified" } | { "type": "class_shown", 
/**
 * The perspective and the point, or none.
 */
moment?: Moment | null, } | { "type": "player_joined", 
/**
 * The new player's id.
 */
player: PlayerId, 
/**
 * Display name.
 */
name: string, 
/**
 * Role, side and seat.
 */
role: Role, } | { "type": "player_left", 
/**
 * Who is out.
 */
player: PlayerId, 
/**
 * Who did it: the player themself, or the umpire.
 */
by: PlayerId, } | { "type": "player_moved", 
/**
 * The player.
 */
player: PlayerId, 
/**
 * Their seat now.
 */
seat: SeatId, 
/**
 * The umpire who moved them.
 */
by: PlayerId, } | { "type": "presence_changed", 
/**
 * Whose presence changed.
 */
player: PlayerId, 
/**
 * Whether they are online now.
 */
online: boolean, } | { "type": "phase_changed", 
/**
 * The turn now.
 */
turn: number, 
/**
 * The phase now.
 */
phase: Phase, 
/**
 * The turn's date, from the scenario.
 */
date: string, 
/**
 * Whether the Orders phase closed because its deadline passed.
 */
by_deadline: boolean, } | { "type": "paused", 
/**
 * How long the deadline had left, if one was set.
 */
remaining_ms: number | null, } | { "type": "resumed" } | { "type": "deadline_set", 
/**
 * When the phase closes (ms since the epoch), or none.
 */
at_ms: number | null, } | { "type": "turns_added", 
/**
 * How many the umpire has added in all.
 */
added: number, 
/**
 * How many turns the game has now.
 */
total: number, 
/**
 * The date of every turn added so far, in order (empty in logs
 * written before it was recorded).
 */
dates?: Array<string>, } | { "type": "deadline_near", 
/**
 * The side that has not submitted.
 */
side: SideId, 
/**
 * Time left, in milliseconds.
 */
left_ms: number, 
/**
 * Whether the side's draft will stand as its orders at the
 * deadline if it is not submitted (the scenario's rule).
 */
draft_stands: boolean, } | { "type": "all_submitted" } | { "type": "not_submitted", 
/**
 * The side.
 */
side: SideId, 
/**
 * How many items its draft held.
 */
items: number, 
/**
 * Whether the draft stood as the side's orders.
 */
used: boolean, } | { "type": "game_ended", 
/**
 * The umpire's verdict.
 */
verdict: string, } | { "type": "message_posted", 
/**
 * Who wrote it.
 */
from: PlayerId, 
/**
 * Where it was said.
 */
channel: MessageChannel, 
/**
 * What was said.
 */
text: string, } | { "type": "order_added", 
/**
 * The side.
 */
side: SideId, 
/**
 * The item's number in the side's orders.
 */
item: number, 
/**
 * Who drafted it.
 */
by: PlayerId, 
/**
 * From which seat.
 */
seat: SeatId, 
/**
 * The order.
 */
order: OrderItem, } | { "type": "order_removed", 
/**
 * The side.
 */
side: SideId, 
/**
 * The item's number.
 */
item: number, } | { "type": "orders_submitted", 
/**
 * The side.
 */
side: SideId, 
/**
 * Who submitted.
 */
by: PlayerId, 
/**
 * The orders.
 */
items: Array<DraftItem>, } | { "type": "submit_rule_set", 
/**
 * Whether any member may submit.
 */
any_member: boolean, } | { "type": "adjudication_pending", 
/**
 * What is to be published.
 */
adjudication: Adjudication, 
/**
 * The letters sent this turn, in full.
 */
letters: Array<Letter>, 
/**
 * The free-form actions to rule on, in full.
 */
actions: Array<FreeAction>, } | { "type": "action_ruled", 
/**
 * The action.
 */
action: ActionId, 
/**
 * The ruling.
 */
ruling: Ruling, 
/**
 * The dice the server rolled, for a roll.
 */
roll: Roll | null, } | { "type": "outcome_written", 
/**
 * The action.
 */
action: ActionId, 
/**
 * What came of it.
 */
text: string, 
/**
 * Who will learn of it.
 */
to: Audience, 
/**
 * Whether the outcome says the action succeeded, if it says.
 */
success?: boolean | null, 
/**
 * Whether the umpire let it stand against the ruling.
 */
overrule?: boolean, } | { "type": "agreement_confirmed", 
/**
 * Whether it is confirmed.
 */
confirmed: boolean, } | { "type": "letter_delivered", 
/**
 * The letter.
 */
letter: Letter, } | { "type": "letter_dispatched", 
/**
 * The letter.
 */
letter: Letter, } | { "type": "letter_publicised", 
/**
 * The side that did.
 */
by: SideId, 
/**
 * The letter, now public.
 */
letter: Letter, } | { "type": "proposal_accepted", 
/**
 * Who accepted which terms.
 */
acceptance: Acceptance, 
/**
 * The side that proposed them.
 */
proposer: SideId, } | { "type": "action_resolved", 
/**
 * The outcome.
 */
outcome: Outcome, } | { "type": "adjudication_published", 
/**
 * The turn.
 */
turn: number, } | { "type": "agreement_reached", 
/**
 * The agreement.
 */
agreement: Agreement, } | { "type": "inject_queued", 
/**
 * The inject.
 */
inject: Inject, } | { "type": "inject_released", 
/**
 * The inject.
 */
inject: Inject, } | { "type": "strategic_resolved", 
/**
 * How it went.
 */
result: StrategicResult, } | { "type": "incident_occurred", 
/**
 * What happened.
 */
incident: Incident, } | { "type": "incident_triggered", 
/**
 * The incident, as its audience will learn of it.
 */
incident: Incident, 
/**
 * Its effects, joining the adjudication's track changes.
 */
changes: Array<TrackChange>, } | { "type": "track_adjusted", 
/**
 * The change.
 */
change: TrackChange, } | { "type": "track_moved", 
/**
 * The track.
 */
track: TrackId, 
/**
 * Its value before.
 */
from: number, 
/**
 * Its value now.
 */
to: number, 
/**
 * Why it moved.
 */
reasons: Array<string>, 
/**
 * Who may know the exact value (from the scenario).
 */
seen_by: Visibility, } | { "type": "track_band", 
/**
 * The track.
 */
track: TrackId, 
/**
 * The band it is in now.
 */
band: string, } | { "type": "stance_changed", 
/**
 * The change.
 */
change: StanceChange, } | { "type": "unit_moved", 
/**
 * The move.
 */
movement: UnitMove, } | { "type": "contact_made", 
/**
 * What happened.
 */
contact: Contact, } | { "type": "cargo_delivered", 
/**
 * The delivery.
 */
delivery: Delivery, } | { "type": "submarine_search", 
/**
 * The search and its roll.
 */
search: Search, } | { "type": "unit_sighted", 
/**
 * Where and when.
 */
sighting: Sighting, } | { "type": "intel_gathered", 
/**
 * What it learned.
 */
intel: Intel, 
/**
 * The track's name and range, so that a side that could know
 * nothing of it until now can show it (none in logs written before
 * it was recorded).
 */
track?: TrackInfo | null, } | { "type": "note_written", 
/**
 * What it says.
 */
text: string, 
/**
 * Whether it is a bookmark.
 */
bookmark: boolean, 
/**
 * The side whose bookmark it is; none for the umpire's.
 */
side?: SideId | null, };

/**
 * The formats of an export.
 */
export type ExportFormat = "jsonl" | "csv";

/**
 * Where a fork came from: its parent and the turn it begins with (and, for
 * the umpire, how many of the parent's events it kept).
 */
export type ForkOrigin = { 
/**
 * The parent session's id.
 */
session: string, 
/**
 * The turn the fork begins with.
 */
turn: number, 
/**
 * How many of the parent's events it kept: the umpire's alone.
 */
at_seq?: number | null, };

/**
 * A fork made of this session: the fork, and where.
 */
export type ForkPoint = { 
/**
 * The fork's id.
 */
session: string, 
/**
 * How many of the parent's events the fork kept.
 */
at_seq: number, 
/**
 * The turn the fork begins with.
 */
turn: number, };

/**
 * A free-form action from a side's orders, and what the umpire made of it.
 */
export type FreeAction = { 
/**
 * Its id.
 */
id: ActionId, 
/**
 * The side acting.
 */
side: SideId, 
/**
 * The seat that drafted it.
 */
seat: SeatId, 
/**
 * The turn of the orders.
 */
turn: number, 
/**
 * What the side does.
 */
what: string, 
/**
 * Why it should work.
 */
why: string, 
/**
 * What the side expects.
 */
expected: string, 
/**
 * The umpire's ruling, once made.
 */
ruling: Ruling | null, 
/**
 * The dice, when the ruling was a roll.
 */
roll: Roll | null, 
/**
 * How many times the umpire has rolled for it.
 */
rolls: number, 
/**
 * The outcome the umpire wrote, if any.
 */
outcome: string | null, 
/**
 * Who learns the outcome (by default the acting side).
 */
to: Audience, 
/**
 * Whether the written outcome says the action succeeded, if it says.
 */
outcome_success?: boolean | null, 
/**
 * Whether the umpire let the written outcome stand against the ruling.
 */
overruled?: boolean, 
/**
 * The scenario's text for success, for a strategic action the umpire
 * rules on: the default outcome when it succeeds.
 */
success_text?: string | null, 
/**
 * The scenario's text for failure: the default outcome when it fails.
 */
failure_text?: string | null, };

/**
 * An incident that happened, as its audience learns of it.
 */
export type Incident = { 
/**
 * Its id in the scenario's table.
 */
id: string, 
/**
 * Name for people.
 */
name: string, 
/**
 * What the audience reads.
 */
text: string, 
/**
 * Who learns of it.
 */
to: Audience, };

/**
 * An incident of the table: what can happen by accident.
 */
export type IncidentDef = { 
/**
 * Short id: `u2_shot_down`.
 */
id: string, 
/**
 * Name for people.
 */
name: string, 
/**
 * What the audience reads.
 */
text: string, 
/**
 * Its weight in the draw, against the other incidents'.
 */
weight: number, 
/**
 * Who learns of it (default: everyone).
 */
to: Audience, 
/**
 * Its effects on tracks.
 */
effects: Array<Effect>, 
/**
 * What must hold at the close for it to happen (a submarine forced up
 * needs one at the line): on tracks its whole audience knows exactly,
 * the turn, or where a named side's units are. Drawn when they do not
 * hold, it does not happen.
 */
requires?: Array<Condition>, };

/**
 * A message from the umpire or the scenario to an audience.
 */
export type Inject = { 
/**
 * Who reads it.
 */
to: Audience, 
/**
 * What it says.
 */
text: string, 
/**
 * Whether the scenario scripted it (otherwise the umpire wrote it).
 */
scripted: boolean, };

/**
 * What a side learned of a track by intelligence (an overflight's photographs).
 */
export type Intel = { 
/**
 * The side that learned it.
 */
side: SideId, 
/**
 * The track.
 */
track: TrackId, 
/**
 * The value then.
 */
value: number, 
/**
 * The turn.
 */
turn: number, };

/**
 * A join code and what it admits to.
 */
export type JoinCode = { 
/**
 * `umpire`, `observer`, or a side's id.
 */
role: string, 
/**
 * The code itself: long, random, unguessable.
 */
code: string, };

/**
 * The role a join code grants.
 */
export type JoinRole = "umpire" | { "side": SideId } | "observer";

/**
 * A letter that has been sent.
 */
export type Letter = { 
/**
 * Its id, for accepting or publicising it.
 */
id: LetterId, 
/**
 * The side that sent it.
 */
from: SideId, 
/**
 * The seat that wrote it.
 */
seat: SeatId, 
/**
 * The side it is for.
 */
to: SideId, 
/**
 * The channel it travels by.
 */
channel: ChannelId, 
/**
 * Whether the channel is public: delivered to everyone, observers included.
 */
public: boolean, 
/**
 * What it says.
 */
text: string, 
/**
 * The terms it proposes.
 */
terms: Array<TermId>, 
/**
 * The turn it was sent.
 */
sent_turn: number, 
/**
 * The turn whose publish delivers it.
 */
deliver_turn: number, 
/**
 * Whether it has been delivered.
 */
delivered: boolean, 
/**
 * Whether a side has made it public.
 */
publicised: boolean, };

/**
 * A letter, once sent: `L` and four letters, e.g. `LK7QM`. Ids are drawn
 * from the session's seed, so they say nothing about how many letters
 * others have sent.
 */
export type LetterId = string;

/**
 * A strategic action as the menu shows it to a side (or the umpire).
 */
export type MenuItem = { 
/**
 * The side whose menu holds it.
 */
side: SideId, 
/**
 * Its id, for ordering it.
 */
id: string, 
/**
 * Name for people.
 */
name: string, 
/**
 * What it means.
 */
description: string, 
/**
 * Whether everyone learns of it at publish.
 */
public: boolean, 
/**
 * How it is resolved.
 */
resolution: Resolution, 
/**
 * For a roll: the total needed.
 */
target: number, 
/**
 * For a roll: what makes it easier or harder (they read tracks the side
 * knows exactly, so it may see them).
 */
modifiers?: Array<Modifier>, 
/**
 * Its preconditions (on tracks the side knows exactly, the turn, and the
 * side's own units), from which `unavailable` is worked out.
 */
requires?: Array<Condition>, 
/**
 * Why it cannot be ordered now, if it cannot: what the first of
 * `requires` that does not hold asks for.
 */
unavailable: string | null, };

/**
 * A chat line or a message to or from the umpire.
 */
export type Message = { 
/**
 * When it was sent (milliseconds since the Unix epoch).
 */
at_ms: number, 
/**
 * Who wrote it.
 */
from: PlayerId, 
/**
 * Where it was said.
 */
channel: MessageChannel, 
/**
 * What was said.
 */
text: string, };

/**
 * Which conversation a message belongs to; it decides who may read it.
 */
export type MessageChannel = { "kind": "team", 
/**
 * The side talking.
 */
side: SideId, } | { "kind": "to_umpire", 
/**
 * The side writing.
 */
side: SideId, } | { "kind": "from_umpire", 
/**
 * Who it is for.
 */
to: Audience, };

/**
 * A modifier of a rolled action: when the condition on the track holds at
 * the close of orders, `by` is added to the roll (positive makes success
 * likelier). It is applied to the target, so the dice and their total stay
 * as thrown: the roll's `difficulty` is the target less the modifiers.
 */
export type Modifier = { 
/**
 * The track read.
 */
track: TrackId, 
/**
 * Applies when the track is at this value or above.
 */
at_least?: number | null, 
/**
 * Applies when the track is at this value or below.
 */
at_most?: number | null, 
/**
 * What it adds to the roll, -10 to 10 and not 0.
 */
by: number, };

/**
 * A moment of the review the umpire shows the class: a perspective, and a
 * point of its own stream (`seq`: after that many of its events; 0, its
 * start). The observers' wall draws that perspective's view there.
 */
export type Moment = { 
/**
 * Whose stream.
 */
perspective: Viewer, 
/**
 * The point in it.
 */
seq: number, };

/**
 * The naval part of one turn's adjudication, in the order it happened.
 */
export type NavalReport = { 
/**
 * Stances ordered.
 */
stances: Array<StanceChange>, 
/**
 * Moves ordered, as they came out.
 */
moves: Array<UnitMove>, 
/**
 * Contacts at quarantine lines.
 */
contacts: Array<Contact>, 
/**
 * Ships sent back by a contact.
 */
returns: Array<UnitMove>, 
/**
 * Cargo delivered.
 */
deliveries: Array<Delivery>, 
/**
 * Anti-submarine searches.
 */
searches: Array<Search>, 
/**
 * What each side saw.
 */
sightings: Array<Sighting>, };

/**
 * An umpire's private note on the timeline.
 */
export type Note = { 
/**
 * The log position it was written at.
 */
seq: number, 
/**
 * The turn.
 */
turn: number, 
/**
 * The phase.
 */
phase: Phase, 
/**
 * What it says.
 */
text: string, 
/**
 * Whether it marks a moment to return to in the review.
 */
bookmark: boolean, 
/**
 * The side whose bookmark it is; none for the umpire's notes and bookmarks.
 */
side?: SideId | null, };

/**
 * How observers follow a session, chosen when it is created.
 *
 * The field-less modes are empty struct variants so that a mode with a field
 * it does not have (`{"mode": "public", "turns": 2}`) is refused, not read
 * as `public`; they serialize as `{"mode": "public"}` all the same.
 */
export type ObserverMode = { "mode": "public", } | { "mode": "delayed", 
/**
 * How many turns behind, 1 or more.
 */
turns: number, } | { "mode": "after_end", };

/**
 * One thing a side orders for the turn.
 */
export type OrderItem = { "kind": "letter", 
/**
 * The channel: secret or public, with its delay.
 */
channel: ChannelId, 
/**
 * The side it is for.
 */
to: SideId, 
/**
 * What it says.
 */
text: string, 
/**
 * The terms it proposes, from the scenario's list.
 */
terms: Array<TermId>, } | { "kind": "action", 
/**
 * What the side does.
 */
what: string, 
/**
 * Why it should work.
 */
why: string, 
/**
 * What the side expects to come of it.
 */
expected: string, } | { "kind": "accept", 
/**
 * The letter.
 */
letter: LetterId, } | { "kind": "publicise", 
/**
 * The letter.
 */
letter: LetterId, } | { "kind": "strategic", 
/**
 * The action's id.
 */
action: string, } | { "kind": "move", 
/**
 * The unit.
 */
unit: UnitId, 
/**
 * Where to.
 */
to: ZoneId, } | { "kind": "stance", 
/**
 * The unit.
 */
unit: UnitId, 
/**
 * The stance, from the scenario's list for its side and kind.
 */
stance: string, };

/**
 * A published outcome of a free-form action, as its audience learns it.
 */
export type Outcome = { 
/**
 * The action.
 */
action: ActionId, 
/**
 * The side that acted.
 */
side: SideId, 
/**
 * The turn.
 */
turn: number, 
/**
 * The ruling.
 */
ruling: Ruling, 
/**
 * The dice, for a roll.
 */
roll: Roll | null, 
/**
 * What came of it.
 */
text: string, 
/**
 * Who learns of it.
 */
to: Audience, };

/**
 * Where the session stands on its clock: `lobby`, then each turn's
 * `briefing` → `orders` → `adjudication`, and at last `ended`.
 */
export type Phase = "lobby" | "briefing" | "orders" | "adjudication" | "ended";

/**
 * A player of a session: `p1`, `p2`, ... in the order they joined.
 */
export type PlayerId = string;

/**
 * A player as everyone may see them.
 */
export type PlayerView = { 
/**
 * Player id.
 */
id: PlayerId, 
/**
 * Display name.
 */
name: string, 
/**
 * Role, side and seat.
 */
role: Role, 
/**
 * Whether they are connected.
 */
online: boolean, 
/**
 * Whether they came with the log of the session this one was forked
 * from, holding no seat here.
 */
former?: boolean, };

/**
 * A point in a session's log, as a viewer names it.
 */
export type Point = string;

/**
 * A side making a letter public.
 */
export type Publicity = { 
/**
 * The side publicising.
 */
side: SideId, 
/**
 * The letter.
 */
letter: LetterId, };

/**
 * A released inject, as the state keeps it.
 */
export type Released = { 
/**
 * The turn it was released in.
 */
turn: number, 
/**
 * When (ms since the epoch).
 */
at_ms: number, 
/**
 * Who reads it.
 */
to: Audience, 
/**
 * What it says.
 */
text: string, 
/**
 * Whether the scenario scripted it (otherwise the umpire wrote it).
 */
scripted: boolean, };

/**
 * The formats of a report.
 */
export type ReportFormat = "html" | "md";

/**
 * How a strategic action is resolved.
 */
export type Resolution = "auto" | "roll" | "umpire";

/**
 * What a player is in the session.
 */
export type Role = { "kind": "umpire" } | { "kind": "player", 
/**
 * The side played.
 */
side: SideId, 
/**
 * The seat held.
 */
seat: SeatId, } | { "kind": "observer" };

/**
 * A roll of two six-sided dice against a difficulty.
 */
export type Roll = { 
/**
 * The two dice, each 1 to 6.
 */
dice: [number, number], 
/**
 * Their sum, 2 to 12.
 */
total: number, 
/**
 * The total needed to succeed, 2 to 12 (for a strategic action, its
 * target less its modifiers, which may fall outside that range: at 2 or
 * below it cannot fail, above 12 it cannot succeed).
 */
difficulty: number, 
/**
 * Whether `total >= difficulty`.
 */
success: boolean, };

/**
 * The umpire's ruling on a free-form action. `Accept {}` and `Reject {}`
 * are empty struct variants so that unknown fields are refused (see
 * [`crate::Action`]); on the wire, `{"kind": "accept"}`.
 */
export type Ruling = { "kind": "accept", } | { "kind": "reject", } | { "kind": "roll", 
/**
 * The total needed, 2 to 12.
 */
difficulty: number, };

/**
 * A scenario the server hosts, as the admin chooses one to create a
 * session from.
 */
export type ScenarioEntry = { 
/**
 * Its id, to create a session with.
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * How many turns it has.
 */
turns: number, };

/**
 * The public part of a scenario.
 */
export type ScenarioSummary = { 
/**
 * Scenario id.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * The sides and their seats.
 */
sides: Array<SideSummary>, 
/**
 * How many turns the scenario has.
 */
turns: number, 
/**
 * The date of each turn, turn 1 first.
 */
dates: Array<string>, 
/**
 * The channels letters travel by.
 */
channels: Array<ChannelDef>, 
/**
 * The terms a letter may propose.
 */
terms: Array<TermDef>, 
/**
 * The map's zones.
 */
zones: Array<ZoneDef>, 
/**
 * The stances units may take, every side's.
 */
stances: Array<StanceDef>, };

/**
 * One anti-submarine search, found something or not. Every unit that can
 * search does, every turn, so that a search tells nothing by happening.
 */
export type Search = { 
/**
 * The searching side.
 */
side: SideId, 
/**
 * The searching unit.
 */
unit: UnitId, 
/**
 * Where.
 */
zone: ZoneId, 
/**
 * The dice, against the unit's target.
 */
roll: Roll, 
/**
 * The submarines found.
 */
found: Array<UnitId>, };

/**
 * A seat of a side, as the scenario names it: `president`, `first_secretary`.
 */
export type SeatId = string;

/**
 * A seat of a side, as someone about to join sees it.
 */
export type SeatInfo = { 
/**
 * The seat's id, to join with.
 */
seat: SeatId, 
/**
 * Its name for people.
 */
name: string, 
/**
 * Whether it commits the side's orders.
 */
leader: boolean, 
/**
 * The name of the player holding it, if one does.
 */
holder?: string | null, 
/**
 * Whether its holder is connected.
 */
online: boolean, };

/**
 * A seat and who holds it.
 */
export type SeatSummary = { 
/**
 * Seat id.
 */
id: SeatId, 
/**
 * Name for people.
 */
name: string, 
/**
 * Whether it is the side's leader seat.
 */
leader: boolean, 
/**
 * The player holding it, if any.
 */
holder: PlayerId | null, };

/**
 * A message from the server to a client.
 */
export type ServerMsg = { "type": "hello", 
/**
 * The protocol version the server speaks.
 */
protocol: number, 
/**
 * The server's name and version.
 */
server: string, 
/**
 * The server's clock (milliseconds since the Unix epoch) as it
 * answered: deadlines are on this clock, so a client counts down
 * by the difference to its own.
 */
now_ms: number, } | { "type": "ack", 
/**
 * The request's id.
 */
id: string, } | { "type": "rejected", 
/**
 * The request's id, when the request could be read far enough to have one.
 */
id?: string | null, 
/**
 * Stable machine code (see [`codes`]).
 */
code: string, 
/**
 * What was wrong and what to do, for a person.
 */
message: string, } | { "type": "session_created", 
/**
 * The request's id.
 */
id: string, 
/**
 * The session's summary, with its join codes.
 */
session: SessionInfo, } | { "type": "sessions", 
/**
 * The request's id.
 */
id: string, 
/**
 * Every session, oldest first.
 */
sessions: Array<SessionInfo>, 
/**
 * The scenarios a session can be created from, by id.
 */
scenarios: Array<ScenarioEntry>, } | { "type": "server_stats", 
/**
 * The request's id.
 */
id: string, 
/**
 * The counters.
 */
counters: Counters, } | { "type": "welcome", 
/**
 * The request's id.
 */
id: string, 
/**
 * The session.
 */
session: string, 
/**
 * The player's id.
 */
player: PlayerId, 
/**
 * The player's role, side and seat.
 */
role: Role, 
/**
 * Keep this secret: it lets this player resume after a lost connection.
 */
resume_token: string, 
/**
 * The position of the connection's stream that `view` reflects; the
 * next event has `seq + 1`.
 */
seq: number, 
/**
 * What this player may know of the session now.
 */
view: View, 
/**
 * How many missed events follow this message (on resume). When a
 * resuming client is further behind than can be replayed, none follow
 * and `view` alone brings it up to date.
 */
missed: number, } | { "type": "seats", 
/**
 * The request's id.
 */
id: string, 
/**
 * The role the code grants.
 */
role: JoinRole, 
/**
 * The side's name, for a side's code.
 */
side_name?: string | null, 
/**
 * The scenario's title.
 */
title: string, 
/**
 * The side's seats, in the scenario's order (none for the umpire's
 * and observers' codes).
 */
seats: Array<SeatInfo>, } | { "type": "event", 
/**
 * Position in this connection's stream, from 1, without gaps.
 */
seq: number, 
/**
 * Wall-clock time of the command (milliseconds since the Unix epoch).
 */
at_ms: number, 
/**
 * Turn when it happened.
 */
turn: number, 
/**
 * Phase when it happened.
 */
phase: Phase, 
/**
 * Who caused it: a player's id, or none for the server.
 */
actor: PlayerId | null, 
/**
 * Who may see it.
 */
visibility: Visibility, 
/**
 * What happened, as this viewer may know it.
 */
event: Event, } | { "type": "replay", 
/**
 * The request's id.
 */
id: string, 
/**
 * The session.
 */
session: string, 
/**
 * Whose stream this is.
 */
perspective: Viewer, 
/**
 * The stream seq the events follow.
 */
from: number, 
/**
 * The stream seq of the point replayed to.
 */
to: number, 
/**
 * How long the stream is now.
 */
end: number, 
/**
 * Whether the game has ended.
 */
ended: boolean, 
/**
 * The events after `from`, up to `to`, as they were sent live; at
 * most a page of them.
 */
events: Array<StreamEvent>, 
/**
 * Whether more events follow up to `to`.
 */
more: boolean, 
/**
 * The perspective's view at `to`, when asked for.
 */
view?: View | null, } | { "type": "document", 
/**
 * The request's id.
 */
id: string, 
/**
 * A file name for it, e.g. `brink-77d3908d-report.html`.
 */
name: string, 
/**
 * The part's number, from 0.
 */
part: number, 
/**
 * Whether this is the last part.
 */
last: boolean, 
/**
 * The part's text.
 */
text: string, } | { "type": "forked", 
/**
 * The request's id.
 */
id: string, 
/**
 * The new session, with its join codes.
 */
session: SessionInfo, 
/**
 * The session it was forked from.
 */
parent: string, 
/**
 * How many of the parent's events it kept.
 */
at_seq: number, 
/**
 * The turn it begins with.
 */
turn: number, };

/**
 * A session as the admin sees it.
 */
export type SessionInfo = { 
/**
 * The session's id.
 */
session: string, 
/**
 * The session's title: its own, or else the scenario's.
 */
title: string, 
/**
 * The scenario played.
 */
scenario: string, 
/**
 * When it was created (milliseconds since the Unix epoch).
 */
created_at_ms: number, 
/**
 * Where the game stands: in the lobby, at a turn and phase, or ended.
 */
status: SessionStatus, 
/**
 * How many players have joined (umpires and observers included; not
 * the players a fork keeps on the record from its parent).
 */
players: number, 
/**
 * How many of them are connected now.
 */
online: number, 
/**
 * When the session last did something: the time of its last recorded
 * event other than a player going offline (milliseconds since the
 * Unix epoch).
 */
last_activity_ms: number, 
/**
 * The join codes: one per side, one for the umpire, one for observers.
 */
codes: Array<JoinCode>, };

/**
 * Where a session's game stands, for the admin's list.
 */
export type SessionStatus = { "state": "lobby" } | { "state": "playing", 
/**
 * The turn.
 */
turn: number, 
/**
 * Its phase.
 */
phase: Phase, 
/**
 * Whether the umpire has paused the game.
 */
paused?: boolean, } | { "state": "ended", 
/**
 * The turn it ended in.
 */
turn: number, 
/**
 * How it ended: the umpire's verdict, or an agreement's.
 */
verdict: string, };

/**
 * A side of the game, as the scenario names it: `us`, `ussr`.
 */
export type SideId = string;

/**
 * A side's orders as a viewer sees them.
 */
export type SideOrders = { 
/**
 * The side.
 */
side: SideId, 
/**
 * The draft as it stands.
 */
draft: Array<DraftItem>, 
/**
 * The number the next item gets.
 */
next_item: number, 
/**
 * The last submission, if any: what the side does when the phase closes.
 */
submitted: Submission | null, };

/**
 * A side and its seats.
 */
export type SideSummary = { 
/**
 * Side id.
 */
id: SideId, 
/**
 * Name for people.
 */
name: string, 
/**
 * The seats.
 */
seats: Array<SeatSummary>, };

/**
 * What a side saw of another side's unit, and when.
 */
export type Sighting = { 
/**
 * The side that saw it.
 */
by: SideId, 
/**
 * The unit seen.
 */
unit: UnitId, 
/**
 * Its name.
 */
name: string, 
/**
 * Its side.
 */
side: SideId, 
/**
 * What it is.
 */
kind: UnitKind, 
/**
 * Where it was seen.
 */
zone: ZoneId, 
/**
 * The turn it was seen.
 */
turn: number, 
/**
 * Whether the seeing side has inspected it.
 */
inspected: boolean, 
/**
 * Its cargo, once inspected (none: nothing of note aboard).
 */
cargo: string | null, 
/**
 * Whether it was seen lost.
 */
lost: boolean, };

/**
 * A unit's new stance.
 */
export type StanceChange = { 
/**
 * The unit.
 */
unit: UnitId, 
/**
 * Its side.
 */
side: SideId, 
/**
 * The stance.
 */
stance: string, };

/**
 * A stance units of a side and kind may take (shadow, stop and inspect,
 * submit to inspection, press on...).
 */
export type StanceDef = { 
/**
 * Short id: `inspect`.
 */
id: string, 
/**
 * Name for people: `Stop and inspect`.
 */
name: string, 
/**
 * The side whose units may take it.
 */
side: SideId, 
/**
 * The kinds of unit that may take it.
 */
kinds: Array<UnitKind>, 
/**
 * What it means, for the players.
 */
description: string, 
/**
 * Conditions that must hold when it is ordered.
 */
requires: Array<Condition>, };

/**
 * How a strategic action went, at the close of orders.
 */
export type StrategicResult = { 
/**
 * The side acting.
 */
side: SideId, 
/**
 * The action's id in the scenario.
 */
action: string, 
/**
 * Its name, for people.
 */
name: string, 
/**
 * The dice, for a rolled action; its `difficulty` is the action's
 * target less the modifiers that applied.
 */
roll: Roll | null, 
/**
 * The modifiers that applied to the roll (none: the target as written).
 */
modifiers?: Array<AppliedModifier>, 
/**
 * Whether it succeeded (its effects, else its failure effects).
 */
success: boolean, 
/**
 * Whether everyone learns of it at publish (else the side alone).
 */
public: boolean, 
/**
 * What its success or failure means, in the scenario's words, if it
 * gives them.
 */
text?: string | null, };

/**
 * One event of a viewer's stream, as a live `event` message carries it.
 */
export type StreamEvent = { 
/**
 * Position in the viewer's stream, from 1, without gaps.
 */
seq: number, 
/**
 * Wall-clock time of the command (milliseconds since the Unix epoch).
 */
at_ms: number, 
/**
 * Turn when it happened.
 */
turn: number, 
/**
 * Phase when it happened.
 */
phase: Phase, 
/**
 * Who caused it: a player's id, or none for the server.
 */
actor: PlayerId | null, 
/**
 * Who may see it.
 */
visibility: Visibility, 
/**
 * What happened, as this viewer may know it.
 */
event: Event, };

/**
 * What a side submitted: the items its orders held at that moment.
 */
export type Submission = { 
/**
 * Who submitted.
 */
by: PlayerId, 
/**
 * The orders.
 */
items: Array<DraftItem>, };

/**
 * A term a letter may propose, and the side that would carry it out.
 */
export type TermDef = { 
/**
 * Short id: `quarantine_lifted`.
 */
id: TermId, 
/**
 * Name for people: `The quarantine is lifted`.
 */
name: string, 
/**
 * The side that would do it.
 */
by: SideId, 
/**
 * What agreeing to it in public costs (on tracks).
 */
public_cost?: Array<Effect>, 
/**
 * What agreeing to it in secret costs: usually nothing, unless revealed.
 */
secret_cost?: Array<Effect>, 
/**
 * What carrying it out does, when the agreement takes effect, in public
 * or in secret alike (the missiles dismantled, the quarantine lifted):
 * after the costs.
 */
effects?: Array<Effect>, };

/**
 * A term a letter may propose, from the scenario's list: `quarantine_lifted`.
 */
export type TermId = string;

/**
 * A change to a track, pending until publish.
 */
export type TrackChange = { 
/**
 * The track.
 */
track: TrackId, 
/**
 * How much it moves (before the range clamps it).
 */
by: number, 
/**
 * Why, for those who may know the exact value.
 */
reason: string, };

/**
 * A track: a number in a range, known exactly to some, by its band to all.
 */
export type TrackDef = { 
/**
 * Short id: `risk`.
 */
id: TrackId, 
/**
 * Name for people: `Risk of war`.
 */
name: string, 
/**
 * Lowest value.
 */
min: number, 
/**
 * Highest value.
 */
max: number, 
/**
 * Where it starts.
 */
start: number, 
/**
 * Whether everyone, observers included, knows the exact value.
 */
public: boolean, 
/**
 * The sides that know the exact value (the umpire always does).
 */
exact: Array<SideId>, 
/**
 * Named bands, lowest first, that everyone may know; empty: none.
 */
bands: Array<Band>, };

/**
 * A track of the scenario: `risk`, `defcon`, `kennedy_prestige`.
 */
export type TrackId = string;

/**
 * A track's name and range, for a side that learns of it by intelligence
 * and may have nothing else to go by (it carries no band).
 */
export type TrackInfo = { 
/**
 * Name for people.
 */
name: string, 
/**
 * Lowest value.
 */
min: number, 
/**
 * Highest value.
 */
max: number, };

/**
 * A track as one viewer may know it.
 */
export type TrackView = { 
/**
 * The track.
 */
id: TrackId, 
/**
 * Name for people.
 */
name: string, 
/**
 * Lowest value.
 */
min: number, 
/**
 * Highest value.
 */
max: number, 
/**
 * The exact value, for those who may know it.
 */
value: number | null, 
/**
 * The named band the value is in, if the track has bands.
 */
band: string | null, 
/**
 * What the viewer's side last learned of it by intelligence, if anything.
 */
intel?: Intel | null, };

/**
 * A unit of the scenario: `poltava`, `destroyer_group_1`.
 */
export type UnitId = string;

/**
 * What a unit is.
 */
export type UnitKind = "surface_ship" | "submarine" | "patrol_aircraft" | "carrier_group" | "ground_unit";

/**
 * A unit's move at the close of orders.
 */
export type UnitMove = { 
/**
 * The unit.
 */
unit: UnitId, 
/**
 * Its side.
 */
side: SideId, 
/**
 * From.
 */
from: ZoneId, 
/**
 * To.
 */
to: ZoneId, 
/**
 * Why it did not go where it was ordered, or went back, if so.
 */
note: string | null, };

/**
 * A unit as one viewer may know it: its own side's (or, for the umpire, every unit).
 */
export type UnitView = { 
/**
 * The unit.
 */
id: UnitId, 
/**
 * Name for people.
 */
name: string, 
/**
 * Its side.
 */
side: SideId, 
/**
 * What it is.
 */
kind: UnitKind, 
/**
 * Where it is now.
 */
zone: ZoneId, 
/**
 * Its stance, if it has one.
 */
stance: string | null, 
/**
 * Zones it may move in a turn.
 */
movement: number, 
/**
 * How far it sees.
 */
detection: number, 
/**
 * Its anti-submarine target, 0 for none.
 */
asw: number, 
/**
 * What it carries (the cargo's name).
 */
cargo: string | null, 
/**
 * Whether its cargo has been delivered.
 */
delivered: boolean, 
/**
 * Whether it has been lost.
 */
lost: boolean, 
/**
 * The turn it enters the game.
 */
enters: number, };

/**
 * A viewer's picture of a session.
 */
export type View = { 
/**
 * Whose picture this is.
 */
viewer: Viewer, 
/**
 * The scenario, as everyone may know it.
 */
scenario: ScenarioSummary, 
/**
 * The session's own title (public to all), given at creation or by
 * the umpire since; none: the session goes by the scenario's title.
 */
title?: string | null, 
/**
 * Current turn: 0 in the lobby.
 */
turn: number, 
/**
 * Current phase.
 */
phase: Phase, 
/**
 * The current turn's date (none in the lobby).
 */
date: string | null, 
/**
 * Pause and deadline: everyone sees the time left.
 */
clock: Clock, 
/**
 * The umpire's verdict, once the game has ended.
 */
verdict: string | null, 
/**
 * Everyone in the session, with seat and presence (public to all).
 */
players: Array<PlayerView>, 
/**
 * The most recent messages this viewer may read, oldest first.
 */
messages: Array<Message>, 
/**
 * Whether any member may submit a side's orders.
 */
any_member_submits: boolean, 
/**
 * This turn's orders: a side sees its own, the umpire every side's.
 */
orders: Array<SideOrders>, 
/**
 * The letters this viewer may read: its side's own once the publish
 * has sent them, those delivered to it, and every public one (the
 * umpire's, every letter from the close it was sent at); in the order
 * of ids.
 */
letters: Array<Letter>, 
/**
 * Published outcomes of free-form actions this viewer may read.
 */
outcomes: Array<Outcome>, 
/**
 * The most recent injects this viewer may read, oldest first.
 */
injects: Array<Released>, 
/**
 * The agreement that ended the crisis, if one did.
 */
agreement: Agreement | null, 
/**
 * The tracks, each with its exact value or only its band, as this viewer
 * may know it, in the scenario's order; those a side knows only by
 * intelligence follow, in the order it first learned of them.
 */
tracks: Array<TrackView>, 
/**
 * The strategic actions this viewer's side may order (every side's, for
 * the umpire), each saying why it is unavailable now, if it is.
 */
menu: Array<MenuItem>, 
/**
 * The viewer's side's own units, exactly (every unit, for the umpire).
 */
units: Array<UnitView>, 
/**
 * Other sides' units as the viewer's side last saw them (every side's
 * sightings, for the umpire); units never seen are not here.
 */
sightings: Array<Sighting>, 
/**
 * The umpire's alone: the current adjudication, pending or published.
 */
adjudication: Adjudication | null, 
/**
 * The umpire's alone: every free-form action, with rulings and rolls.
 */
actions: Array<FreeAction>, 
/**
 * The umpire's alone: injects held for the next Briefing.
 */
queued_injects: Array<Inject>, 
/**
 * Notes and bookmarks: every one for the umpire, a side's own bookmarks
 * for its members, none for observers; each `seq` is its place in the
 * viewer's own stream.
 */
notes: Array<Note>, 
/**
 * How observers follow the session (public to all).
 */
observers?: ObserverMode, 
/**
 * Whether the umpire has opened every perspective to everyone.
 */
declassified?: boolean, 
/**
 * The moment of the review the umpire shows the class (public to
 * all), once the game is declassified.
 */
shown?: Moment | null, 
/**
 * The session this one was forked from, and where (public to all).
 */
forked_from?: ForkOrigin | null, 
/**
 * The umpire's alone: the sessions forked from this one.
 */
forks?: Array<ForkPoint>, 
/**
 * The umpire's alone: the scenario's incident table, which the umpire
 * may bring into a pending adjudication by hand.
 */
incidents?: Array<IncidentDef>, 
/**
 * The umpire's alone: the scenario's tracks, with who knows each
 * exactly and its bands, so the umpire can see before publishing what
 * each side will read of a change.
 */
track_defs?: Array<TrackDef>, };

/**
 * A perspective on a session. Every member of a side shares one perspective.
 */
export type Viewer = "umpire" | { "side": SideId } | "observer";

/**
 * Who may see an event.
 */
export type Visibility = "public" | { "side": SideId } | { "sides": Array<SideId> } | "umpire";

/**
 * A zone of the map.
 */
export type ZoneDef = { 
/**
 * Short id: `quarantine_line`.
 */
id: ZoneId, 
/**
 * Name for people: `The quarantine line (500 nautical miles out)`.
 */
name: string, 
/**
 * Its kind.
 */
kind: ZoneKind, 
/**
 * What the scenario calls its kind, for people, where the rules' word
 * would be wrong (Berlin's headquarters are ports to the rules, its
 * crossing a quarantine line): `headquarters`, `checkpoint`.
 */
kind_name?: string | null, 
/**
 * The zones next to it. Adjacency goes both ways: a scenario lists it
 * on either side, and a view lists it on both.
 */
adjacent: Array<ZoneId>, };

/**
 * A zone of the scenario's map: `quarantine_line`, `cuban_waters`.
 */
export type ZoneId = string;

/**
 * What kind of sea (or land) a zone is.
 */
export type ZoneKind = "open_ocean" | "quarantine" | "coastal_waters" | "port" | "land";
