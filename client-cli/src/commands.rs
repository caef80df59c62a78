//! The turn machine's slash commands for people: orders, letters,
//! adjudication, injects and notes, parsed into the engine's actions, with
//! the scenario's names and short references resolved against the view.

use brink_engine::{
    Action, ActionId, Audience, LetterId, OrderItem, Role, Ruling, SideId, TermId, View,
};

/// Parses a turn-machine command; `None` if `word` is not one.
pub fn parse(word: &str, rest: &str, role: &Role, view: &View) -> Option<Result<Action, String>> {
    let rest = rest.trim();
    Some(match word {
        "/letter" => letter(rest, role, view),
        "/action" => {
            let mut parts = rest.splitn(3, '|').map(|p| p.trim().to_owned());
            let what = parts.next().unwrap_or_default();
            if what.is_empty() {
                Err("usage: /action WHAT YOU DO | WHY IT SHOULD WORK | WHAT YOU EXPECT".into())
            } else {
                Ok(Action::AddOrder {
                    order: OrderItem::Action {
                        what,
                        why: parts.next().unwrap_or_default(),
                        expected: parts.next().unwrap_or_default(),
                    },
                })
            }
        }
        "/accept" | "/publicise" | "/publicize" => match one_word(rest) {
            Some(id) => {
                let letter = letter_ref(id, view);
                Ok(Action::AddOrder {
                    order: if word == "/accept" {
                        OrderItem::Accept { letter }
                    } else {
                        OrderItem::Publicise { letter }
                    },
                })
            }
            None => Err(format!(
                "usage: {word} LETTER (the letter's id, e.g. LK7QM; /letters lists them)"
            )),
        },
        "/drop" => match rest.trim_start_matches('#').parse() {
            Ok(item) => Ok(Action::RemoveOrder { item }),
            Err(_) => Err("usage: /drop N (the item's number in /orders)".into()),
        },
        "/submit" => Ok(Action::SubmitOrders {}),
        "/do" | "/strategic" => match one_word(rest) {
            Some(action) => Ok(Action::AddOrder {
                order: OrderItem::Strategic {
                    action: action.to_owned(),
                },
            }),
            None => Err(format!(
                "usage: {word} ACTION (/menu lists your side's strategic actions)"
            )),
        },
        "/leave" => Ok(Action::LeaveSeat {}),
        "/free" => free(rest, view),
        "/move-player" => match rest.rsplit_once(char::is_whitespace) {
            Some((name, seat)) => player_named(name, view).map(|player| Action::MovePlayer {
                player,
                seat: seat.trim().into(),
            }),
            None => Err("usage: /move-player NAME SEAT (/seats lists the seats)".into()),
        },
        "/remove" => player_named(rest, view).map(|player| Action::RemovePlayer { player }),
        "/anysubmit" => match rest {
            "on" => Ok(Action::AnyMemberSubmits { allowed: true }),
            "off" => Ok(Action::AnyMemberSubmits { allowed: false }),
            _ => Err("usage: /anysubmit on|off".into()),
        },
        "/rule" => rule(rest, view),
        "/outcome" => outcome(rest, view),
        "/agree" => match rest {
            "" | "yes" => Ok(Action::ConfirmAgreement { confirmed: true }),
            "no" => Ok(Action::ConfirmAgreement { confirmed: false }),
            _ => Err("usage: /agree (confirm the agreement) or /agree no".into()),
        },
        "/publish" => Ok(Action::Publish {}),
        "/incident" => match one_word(rest) {
            Some(id) => Ok(Action::TriggerIncident {
                incident: id.to_owned(),
            }),
            None => Err(format!(
                "usage: /incident ID (the scenario's incidents: {})",
                crate::describe::incident_ids(view)
            )),
        },
        "/track" => {
            let (track, rest) = split(rest);
            let (by, reason) = split(rest);
            match by.trim_start_matches('+').parse::<i32>() {
                Ok(by) if !track.is_empty() && !reason.is_empty() => Ok(Action::AdjustTrack {
                    track: track.into(),
                    by,
                    reason: reason.to_owned(),
                }),
                _ => {
                    Err("usage: /track TRACK +N|-N REASON (at publish; /tracks lists them)".into())
                }
            }
        }
        "/inject" => {
            let (to, rest) = split(rest);
            let (next, text) = match split(rest) {
                ("next", text) => (true, text),
                _ => (false, rest),
            };
            match audience(to, None, view) {
                Some(to) if !text.is_empty() => Ok(Action::Inject {
                    to,
                    text: text.to_owned(),
                    next_briefing: next,
                }),
                _ => Err(
                    "usage: /inject all|both|SIDE [next] TEXT (next: at the next briefing)".into(),
                ),
            }
        }
        "/note" | "/bookmark" => Ok(Action::Note {
            text: rest.to_owned(),
            bookmark: word == "/bookmark",
        }),
        _ => return crate::naval::parse(word, rest),
    })
}

fn letter(rest: &str, role: &Role, view: &View) -> Result<Action, String> {
    const USAGE: &str =
        "usage: /letter CHANNEL [@SIDE] [+TERM ...] TEXT (/terms lists channels and terms)";
    let (channel, mut rest) = split(rest);
    if channel.is_empty() {
        return Err(USAGE.into());
    }
    let own = match role {
        Role::Player { side, .. } => Some(side),
        _ => None,
    };
    let others: Vec<&SideId> = view
        .scenario
        .sides
        .iter()
        .map(|s| &s.id)
        .filter(|s| Some(*s) != own)
        .collect();
    let mut to = (others.len() == 1).then(|| others[0].clone());
    let mut terms = Vec::new();
    loop {
        let (word, after) = split(rest);
        if let Some(side) = word.strip_prefix('@') {
            to = Some(SideId::from(side));
        } else if let Some(term) = word.strip_prefix('+') {
            terms.push(TermId::from(term));
        } else {
            break;
        }
        rest = after;
    }
    let Some(to) = to else {
        return Err(format!(
            "say which side the letter is for with @SIDE; {USAGE}"
        ));
    };
    if rest.is_empty() {
        return Err(USAGE.into());
    }
    Ok(Action::AddOrder {
        order: OrderItem::Letter {
            channel: channel.into(),
            to,
            text: rest.to_owned(),
            terms,
        },
    })
}

fn rule(rest: &str, view: &View) -> Result<Action, String> {
    const USAGE: &str =
        "usage: /rule ACTION accept|reject|roll DIFFICULTY (2 to 12; 7 is even odds)";
    let (action, rest) = split(rest);
    let (kind, rest) = split(rest);
    let ruling = match kind {
        "accept" => Ruling::Accept {},
        "reject" => Ruling::Reject {},
        "roll" => match rest.parse() {
            Ok(difficulty) => Ruling::Roll { difficulty },
            Err(_) => return Err(USAGE.into()),
        },
        _ => return Err(USAGE.into()),
    };
    if action.is_empty() {
        return Err(USAGE.into());
    }
    Ok(Action::RuleAction {
        action: action_ref(action, view),
        ruling,
    })
}

/// A letter by id, or by its number in `/letters` (from 1).
fn letter_ref(word: &str, view: &View) -> LetterId {
    match word.parse::<usize>() {
        Ok(n) if (1..=view.letters.len()).contains(&n) => view.letters[n - 1].id.clone(),
        _ => LetterId(word.to_uppercase()),
    }
}

/// An action by id, or by its number in the pending adjudication (from 1).
fn action_ref(word: &str, view: &View) -> ActionId {
    let pending = view
        .adjudication
        .as_ref()
        .map(|a| a.actions.as_slice())
        .unwrap_or_default();
    match word.parse::<usize>() {
        Ok(n) if (1..=pending.len()).contains(&n) => pending[n - 1].clone(),
        _ => ActionId(word.to_uppercase()),
    }
}

fn outcome(rest: &str, view: &View) -> Result<Action, String> {
    const USAGE: &str = "usage: /outcome ACTION side|both|all|SIDE [succeeds|fails [overrule]] TEXT (side: the acting side)";
    let (action, rest) = split(rest);
    let (to, mut text) = split(rest);
    // What the outcome says of success, checked against the ruling.
    let (word, after) = split(text);
    let success = match word {
        "succeeds" => Some(true),
        "fails" => Some(false),
        _ => None,
    };
    let mut overrule = false;
    if success.is_some() {
        text = after;
        let (word, after) = split(text);
        if word == "overrule" {
            (overrule, text) = (true, after);
        }
    }
    let action = action_ref(action, view);
    let acting = view
        .actions
        .iter()
        .find(|a| a.id == action)
        .map(|a| &a.side);
    match audience(to, acting, view) {
        Some(to) if !text.is_empty() => Ok(Action::WriteOutcome {
            action,
            text: text.to_owned(),
            to,
            success,
            overrule,
        }),
        _ => Err(USAGE.into()),
    }
}

/// `all`, `both` (every side), `side` (the acting side) or a side id.
fn audience(word: &str, acting: Option<&SideId>, view: &View) -> Option<Audience> {
    match word {
        "" => None,
        "all" => Some(Audience::All),
        "both" | "sides" => Some(Audience::Sides(
            view.scenario.sides.iter().map(|s| s.id.clone()).collect(),
        )),
        "side" => acting.map(|s| Audience::Side(s.clone())),
        side => Some(Audience::Side(SideId::from(side))),
    }
}

fn split(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

fn one_word(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && !text.contains(char::is_whitespace)).then_some(text)
}

/// `/free [SIDE] SEAT`: the side may be left out when only one side has
/// such a seat.
fn free(rest: &str, view: &View) -> Result<Action, String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (side, seat) = match words.as_slice() {
        [side, seat] => (SideId::from(*side), *seat),
        [seat] => {
            let sides: Vec<&SideId> = view
                .scenario
                .sides
                .iter()
                .filter(|s| s.seats.iter().any(|t| t.id.as_str() == *seat))
                .map(|s| &s.id)
                .collect();
            match sides.as_slice() {
                [side] => ((*side).clone(), *seat),
                [] => return Err(format!("no side has a seat {seat}; /seats lists them")),
                _ => {
                    return Err(format!(
                        "several sides have a seat {seat}: /free SIDE {seat}"
                    ));
                }
            }
        }
        _ => return Err("usage: /free [SIDE] SEAT (/seats lists the seats)".into()),
    };
    Ok(Action::FreeSeat {
        side,
        seat: seat.into(),
    })
}

/// The player in the session going by `name` (any case).
fn player_named(name: &str, view: &View) -> Result<brink_engine::PlayerId, String> {
    let name = name.trim();
    let found: Vec<_> = view
        .players
        .iter()
        .filter(|p| !p.former && p.name.to_lowercase() == name.to_lowercase())
        .collect();
    match found.as_slice() {
        [p] => Ok(p.id.clone()),
        [] if name.is_empty() => Err("name the player (/who lists them)".into()),
        [] => Err(format!(
            "nobody in the session goes by {name}; /who lists them"
        )),
        _ => Err(format!("several players go by {name}")),
    }
}
