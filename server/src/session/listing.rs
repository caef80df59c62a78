//! What the registry lists of a session (`list_sessions`): its title, where
//! its game stands, who has joined and who is connected, and when it last
//! did something. The session's actor publishes it on a `watch` channel
//! when it starts and after every batch it commits, so that listing the
//! sessions never waits on (or for) an actor.

use brink_engine::{Event, Recorded, Session};
use brink_protocol::SessionStatus;

/// A session as the admin's list shows it, apart from what never changes
/// (its id, scenario, creation time and join codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The session's title: its own, or else the scenario's.
    pub title: String,
    /// Where its game stands.
    pub status: SessionStatus,
    /// Players who joined it (not those a fork keeps from its parent).
    pub players: u32,
    /// How many of them are connected now.
    pub online: u32,
    /// When it last did something (ms since the epoch): see [`is_activity`].
    pub last_activity_ms: u64,
}

/// Whether `recorded` counts as the session doing something: every event but
/// a player going offline — a connection that closed, or a restarted server
/// recording that nobody is connected any more, which would otherwise make
/// every session look busy just after a restart.
pub fn is_activity(recorded: &Recorded) -> bool {
    !matches!(recorded.event, Event::PresenceChanged { online: false, .. })
}

impl Listing {
    /// The listing of `game`, whose last activity was at `last_activity_ms`.
    pub fn of(game: &Session, last_activity_ms: u64) -> Self {
        let (players, online) = counts(game);
        Self {
            title: game.title().to_owned(),
            status: SessionStatus::of(game.state()),
            players,
            online,
            last_activity_ms,
        }
    }

    /// Brings the listing up to date with `game`; says whether it changed.
    /// Allocates only for what changed (a new title, a verdict).
    pub fn update(&mut self, game: &Session, last_activity_ms: u64) -> bool {
        let before = (self.players, self.online, self.last_activity_ms);
        (self.players, self.online) = counts(game);
        self.last_activity_ms = last_activity_ms;
        let mut changed = before != (self.players, self.online, self.last_activity_ms);
        if self.title != game.title() {
            game.title().clone_into(&mut self.title);
            changed = true;
        }
        if !same_status(&self.status, game) {
            self.status = SessionStatus::of(game.state());
            changed = true;
        }
        changed
    }
}

/// Whether `status` is where `game` stands, without building the latter's.
fn same_status(status: &SessionStatus, game: &Session) -> bool {
    let state = game.state();
    match status {
        SessionStatus::Lobby => state.phase == brink_engine::Phase::Lobby,
        SessionStatus::Playing {
            turn,
            phase,
            paused,
        } => state.turn == *turn && state.phase == *phase && state.clock.paused == *paused,
        SessionStatus::Ended { turn, verdict } => {
            state.phase == brink_engine::Phase::Ended
                && state.turn == *turn
                && state.verdict.as_deref().unwrap_or_default() == verdict
        }
    }
}

/// Players who joined `game` (those a fork keeps from its parent aside), and
/// how many of them are connected.
fn counts(game: &Session) -> (u32, u32) {
    let present = game.state().players.values().filter(|p| !p.former);
    let (mut players, mut online) = (0u32, 0u32);
    for p in present {
        players = players.saturating_add(1);
        online = online.saturating_add(u32::from(p.online));
    }
    (players, online)
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_engine::{Action, Actor, Command, JoinRole, Phase, PlayerId};

    fn run(game: &mut Session, actor: &Actor, command: Command, at: u64) -> Vec<Recorded> {
        let events = game.decide(actor, &command, at).expect("taken");
        for r in &events {
            game.apply(r);
        }
        events
    }

    #[test]
    fn the_listing_follows_the_title_the_clock_and_presence() {
        let scenario = crate::catalog::Catalog::built_in()
            .ok()
            .and_then(|c| c.get("cuban-missile-crisis-1962"))
            .expect("the 1962 scenario");
        let mut game = Session::new(scenario.clone());
        let create = Command::Create {
            seed: 1,
            observers: Default::default(),
            title: None,
        };
        run(&mut game, &Actor::System, create, 10);
        let mut listing = Listing::of(&game, 10);
        assert_eq!(listing.title, scenario.title);
        assert_eq!(listing.status, SessionStatus::Lobby);
        assert_eq!((listing.players, listing.online), (0, 0));
        assert!(!listing.update(&game, 10), "nothing changed");

        let join = Command::Join {
            role: JoinRole::Umpire,
            name: "Control".into(),
            seat: None,
        };
        run(&mut game, &Actor::System, join, 20);
        let umpire = Actor::Player(PlayerId::nth(1));
        let rename = Command::Act(Action::SetTitle {
            title: "Monday seminar".into(),
        });
        run(&mut game, &umpire, rename, 30);
        run(&mut game, &umpire, Command::Act(Action::StartGame {}), 40);
        run(&mut game, &umpire, Command::Act(Action::Pause {}), 40);
        assert!(listing.update(&game, 40));
        assert_eq!(
            listing,
            Listing {
                title: "Monday seminar".into(),
                status: SessionStatus::Playing {
                    turn: 1,
                    phase: Phase::Briefing,
                    paused: true
                },
                players: 1,
                online: 1,
                last_activity_ms: 40,
            }
        );

        let offline = Command::SetPresence {
            player: PlayerId::nth(1),
            online: false,
        };
        let events = run(&mut game, &Actor::System, offline, 50);
        assert!(events.iter().all(|r| !is_activity(r)));
        assert!(listing.update(&game, 40));
        assert_eq!((listing.online, listing.last_activity_ms), (0, 40));

        let end = Command::Act(Action::EndGame {
            verdict: "No war.".into(),
        });
        run(&mut game, &umpire, end, 60);
        assert!(listing.update(&game, 60));
        assert_eq!(
            listing.status,
            SessionStatus::Ended {
                turn: 1,
                verdict: "No war.".into()
            }
        );
        assert_eq!(listing, Listing::of(&game, 60));
    }
}
