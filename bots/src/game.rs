//! Headless games: a session played in the engine with bots holding sides'
//! leader seats and the automatic umpire, each fed only its own viewer's
//! view and stream — the engine's `Session::view` for the welcome, then
//! every event through `redact` (the function the server's outbound path
//! uses) and folded with `View::apply`, as a client does. The harness reads
//! the state only to report how the game ended.

use crate::bot::Bot;
use crate::persona::Persona;
use crate::umpire::{self, Umpire};
use brink_engine::{
    Action, Actor, Command, JoinRole, Phase, PlayerId, Recorded, Rejection, Scenario, SeatId, Seen,
    Session, SideId, View, Viewer, redact,
};
use std::fmt;
use std::sync::Arc;

/// The clock of a headless game: it never moves (deadlines are the
/// umpire's [`Umpire::deadline`]), so no event's time depends on how many
/// commands came before it.
const NOW_MS: u64 = 1_000_000;

/// Commands a game may take before it is called off as stuck.
const MAX_COMMANDS: usize = 20_000;

/// How a game ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum End {
    /// Both sides stood behind terms, and the umpire confirmed them.
    Agreement,
    /// A scenario's ending (war) came first.
    War,
    /// Neither, by the last turn.
    Unresolved,
}

impl End {
    /// Its name in `brink bots`' lines.
    pub fn name(self) -> &'static str {
        match self {
            End::Agreement => "agreement",
            End::War => "war",
            End::Unresolved => "unresolved",
        }
    }
}

/// One agent of a game and what its viewer has received.
#[derive(Debug)]
struct Member<A> {
    player: PlayerId,
    viewer: Viewer,
    view: View,
    seq: u64,
    agent: A,
    /// Its stream, when the game keeps streams (for tests).
    stream: Option<Vec<Seen>>,
}

impl<A> Member<A> {
    fn receive(&mut self, recorded: &Recorded, on_event: impl FnOnce(&mut A, &Seen)) {
        if let Some(seen) = redact(recorded, &self.viewer) {
            self.seq += 1;
            self.view.apply(self.seq, &seen);
            on_event(&mut self.agent, &seen);
            if let Some(stream) = &mut self.stream {
                stream.push(seen);
            }
        }
    }
}

/// A game in the engine with bots and the automatic umpire; other players
/// (a test's, say) may be joined and driven by the caller.
#[derive(Debug)]
pub struct Game {
    session: Session,
    umpire: Member<Umpire>,
    bots: Vec<Member<Bot>>,
    /// Every command each bot sent that the rules took, in order: its side,
    /// and the action.
    sent: Vec<(SideId, Action)>,
    commands: usize,
    /// Whether bots joined from now on keep their streams.
    keep_streams: bool,
}

/// What went wrong setting a game up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

impl From<Rejection> for SetupError {
    fn from(r: Rejection) -> Self {
        SetupError(format!("{} ({})", r.message, r.code.as_str()))
    }
}

impl Game {
    /// A session of `scenario` created with `seed`, with the automatic umpire.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Result<Self, SetupError> {
        let mut session = Session::new(scenario);
        let create = Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        };
        for r in session.decide(&Actor::System, &create, NOW_MS)? {
            session.apply(&r);
        }
        let mut game = Self {
            umpire: Member {
                player: PlayerId::nth(0),
                viewer: Viewer::Umpire,
                view: session.view(&Viewer::Umpire),
                seq: 0,
                agent: Umpire::new(),
                stream: None,
            },
            session,
            bots: Vec::new(),
            sent: Vec::new(),
            commands: 0,
            keep_streams: false,
        };
        game.umpire.player = game.join("Automatic umpire", JoinRole::Umpire, None)?;
        game.umpire.view = game.session.view(&Viewer::Umpire);
        Ok(game)
    }

    /// Bots seated from now on keep every event their viewer received.
    pub fn keep_streams(&mut self) {
        self.keep_streams = true;
    }

    /// The events `side`'s bot received, if it keeps them.
    pub fn stream(&self, side: &SideId) -> Option<&[Seen]> {
        self.bots
            .iter()
            .find(|b| b.agent.side() == side)
            .and_then(|b| b.stream.as_deref())
    }

    /// The view `side`'s bot holds.
    pub fn view_of(&self, side: &SideId) -> Option<&View> {
        self.bots
            .iter()
            .find(|b| b.agent.side() == side)
            .map(|b| &b.view)
    }

    /// Seats a bot of `persona` in `side`'s leader seat.
    pub fn add_bot(
        &mut self,
        side: &SideId,
        persona: Persona,
        seed: u64,
    ) -> Result<(), SetupError> {
        let seat = self.leader_seat(side)?;
        let bot = Bot::new(persona, seed, side.clone(), seat.clone());
        let player = self.join(
            &bot.display_name(),
            JoinRole::Side(side.clone()),
            Some(seat),
        )?;
        let viewer = Viewer::Side(side.clone());
        self.bots.push(Member {
            player,
            view: self.session.view(&viewer),
            viewer,
            seq: 0,
            agent: bot,
            stream: self.keep_streams.then(Vec::new),
        });
        Ok(())
    }

    /// Seats a player the caller drives in `side`'s leader seat.
    pub fn add_player(&mut self, side: &SideId, name: &str) -> Result<PlayerId, SetupError> {
        let seat = self.leader_seat(side)?;
        self.join(name, JoinRole::Side(side.clone()), Some(seat))
    }

    fn leader_seat(&self, side: &SideId) -> Result<SeatId, SetupError> {
        let def = self
            .session
            .scenario()
            .sides
            .iter()
            .find(|s| &s.id == side)
            .ok_or_else(|| SetupError(format!("the scenario has no side {side}")))?;
        def.seats
            .iter()
            .find(|s| s.leader)
            .or(def.seats.first())
            .map(|s| s.id.clone())
            .ok_or_else(|| SetupError(format!("side {side} has no seats")))
    }

    fn join(
        &mut self,
        name: &str,
        role: JoinRole,
        seat: Option<SeatId>,
    ) -> Result<PlayerId, SetupError> {
        let command = Command::Join {
            role,
            name: name.to_owned(),
            seat,
        };
        let events = self.session.decide(&Actor::System, &command, NOW_MS)?;
        let mut joined = None;
        for r in &events {
            if let brink_engine::Event::PlayerJoined { player, .. } = &r.event {
                joined = Some(player.clone());
            }
        }
        self.record(&events);
        joined.ok_or_else(|| SetupError("the join made no player".to_owned()))
    }

    /// Folds events into the session and hands each viewer its part.
    fn record(&mut self, events: &[Recorded]) {
        for r in events {
            self.session.apply(r);
            self.umpire.receive(r, |_, _| {});
            for bot in &mut self.bots {
                bot.receive(r, Bot::on_event);
            }
        }
    }

    /// A player's action through the rules: its events recorded, or why not.
    pub fn act(&mut self, player: &PlayerId, action: Action) -> Result<(), Rejection> {
        self.commands += 1;
        let actor = Actor::Player(player.clone());
        let events = self.session.decide(&actor, &Command::Act(action), NOW_MS)?;
        self.record(&events);
        Ok(())
    }

    /// Lets the bots and the umpire act until none has anything to do;
    /// whether any did.
    pub fn settle(&mut self) -> bool {
        let mut moved = false;
        loop {
            let mut round = false;
            for i in 0..self.bots.len() {
                round |= self.drain_bot(i);
            }
            round |= self.drain_umpire();
            moved |= round;
            if !round || self.commands >= MAX_COMMANDS {
                return moved;
            }
        }
    }

    fn drain_bot(&mut self, i: usize) -> bool {
        let mut moved = false;
        while self.commands < MAX_COMMANDS {
            let member = &mut self.bots[i];
            let Some(action) = member.agent.next(&member.view) else {
                break;
            };
            let player = self.bots[i].player.clone();
            match self.act(&player, action.clone()) {
                Ok(()) => {
                    moved = true;
                    self.sent.push((self.bots[i].agent.side().clone(), action));
                }
                Err(r) => self.bots[i].agent.refused(r.code.as_str(), &r.message),
            }
        }
        moved
    }

    fn drain_umpire(&mut self) -> bool {
        let mut moved = false;
        while self.commands < MAX_COMMANDS {
            let member = &mut self.umpire;
            let Some(action) = member.agent.next(&member.view) else {
                break;
            };
            let player = self.umpire.player.clone();
            match self.act(&player, action) {
                Ok(()) => moved = true,
                Err(r) => self.umpire.agent.refused(r.code.as_str(), &r.message),
            }
        }
        moved
    }

    /// Plays to the end: the bots and the umpire act; when nothing moves,
    /// the deadline passes.
    pub fn run(&mut self) -> End {
        while self.session.state().phase != Phase::Ended && self.commands < MAX_COMMANDS {
            if !self.settle() {
                let member = &mut self.umpire;
                let Some(action) = member.agent.deadline(&member.view) else {
                    break;
                };
                let player = self.umpire.player.clone();
                if self.act(&player, action).is_err() {
                    break;
                }
            }
        }
        self.end()
    }

    /// How the game stands: agreement, war (an ending of the scenario), or
    /// unresolved.
    pub fn end(&self) -> End {
        let state = self.session.state();
        if state.agreement.is_some() {
            End::Agreement
        } else if state.phase == Phase::Ended
            && state.verdict.as_deref() != Some(umpire::UNRESOLVED)
        {
            End::War
        } else {
            End::Unresolved
        }
    }

    /// The session played.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Every command the bots sent that the rules took, with the side.
    pub fn sent(&self) -> &[(SideId, Action)] {
        &self.sent
    }

    /// The umpire's view: every track exactly.
    pub fn umpire_view(&self) -> &View {
        &self.umpire.view
    }
}

/// One headless game's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Played {
    /// The seed it was played with.
    pub seed: u64,
    /// How it ended.
    pub end: End,
    /// The turn it ended in.
    pub turns: u32,
    /// Every track's final value, in the scenario's order.
    pub tracks: Vec<(String, i32)>,
}

impl fmt::Display for Played {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seed={} outcome={} turns={}",
            self.seed,
            self.end.name(),
            self.turns
        )?;
        for (id, value) in &self.tracks {
            write!(f, " {id}={value}")?;
        }
        Ok(())
    }
}

/// Plays one game of `scenario` with a bot of each persona given for each
/// side (every side needs one), from `seed`.
pub fn play(
    scenario: &Arc<Scenario>,
    personas: &[(SideId, Persona)],
    seed: u64,
) -> Result<Played, SetupError> {
    let mut game = Game::new(scenario.clone(), seed)?;
    for side in &scenario.sides {
        let persona = personas
            .iter()
            .find(|(s, _)| *s == side.id)
            .map(|(_, p)| *p)
            .ok_or_else(|| SetupError(format!("no persona for side {}", side.id)))?;
        game.add_bot(&side.id, persona, seed)?;
    }
    for (side, _) in personas {
        if !scenario.sides.iter().any(|s| &s.id == side) {
            let ids: Vec<&str> = scenario.sides.iter().map(|s| s.id.as_str()).collect();
            return Err(SetupError(format!(
                "the scenario has no side {side}; its sides are {}",
                ids.join(", ")
            )));
        }
    }
    let end = game.run();
    let view = game.umpire_view();
    Ok(Played {
        seed,
        end,
        turns: view.turn,
        tracks: view
            .tracks
            .iter()
            .filter_map(|t| Some((t.id.to_string(), t.value?)))
            .collect(),
    })
}

/// The totals of many games: `games=N agreement=A war=W unresolved=U`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Games played.
    pub games: usize,
    /// Ended in agreement.
    pub agreement: usize,
    /// Ended in war.
    pub war: usize,
    /// Unresolved.
    pub unresolved: usize,
}

impl Totals {
    /// Counts one game.
    pub fn add(&mut self, end: End) {
        self.games += 1;
        match end {
            End::Agreement => self.agreement += 1,
            End::War => self.war += 1,
            End::Unresolved => self.unresolved += 1,
        }
    }
}

impl fmt::Display for Totals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "games={} agreement={} war={} unresolved={}",
            self.games, self.agreement, self.war, self.unresolved
        )
    }
}
