//! The personas' scripts for the shipped scenarios, by scenario id: what a
//! side's historical, hawkish or dovish government ordered, turn by turn.
//! A step names the scenario's own ids (actions, units, zones, stances,
//! channels, terms) and is taken only when the side's view offers them now,
//! so a script never orders what the side's menu does not hold; letters'
//! texts are the personas' templates. Scenarios without a script are played
//! by the personas' general rules alone (`plan.rs`).

use crate::ctx::Ctx;
use crate::persona::Persona;
use brink_engine::{OrderItem, TermId};

/// One order of a script.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// A strategic action from the side's menu.
    Do(&'static str),
    /// Move a unit to a zone.
    Move(&'static str, &'static str),
    /// Set a unit's stance.
    Stance(&'static str, &'static str),
    /// Send a letter through a channel, proposing terms.
    Letter(&'static str, &'static [&'static str], &'static str),
    /// Accept the other side's letter sent at that turn, if it was sent.
    Accept(u32),
    /// Make the other side's letter sent at that turn public.
    Publicise(u32),
}

/// A side's steps at a turn.
#[derive(Debug)]
pub(crate) struct Play {
    pub side: &'static str,
    pub turn: u32,
    pub steps: &'static [Step],
}

use Step::{Accept, Do, Letter, Move, Publicise, Stance};

/// `side`'s `steps` at `turn`.
const fn play(side: &'static str, turn: u32, steps: &'static [Step]) -> Play {
    Play { side, turn, steps }
}

/// October 1962 as it happened (turn 1 is the 16th, turn 13 the 28th), as
/// `tests/data/history-1962.json` (the calibration path) has it.
const CUBA_HISTORY: &[Play] = &[
    play("us", 1, &[Do("u2_overflight")]),
    play("ussr", 1, &[Move("aleksandrovsk", "quarantine_line")]),
    play("ussr", 2, &[Move("aleksandrovsk", "cuban_waters")]),
    play(
        "ussr",
        5,
        &[Move("poltava", "approaches"), Move("kimovsk", "approaches")],
    ),
    play(
        "us",
        7,
        &[
            Do("quarantine"),
            Do("raise_defcon"),
            Move("destroyers_east", "quarantine_line"),
            Move("destroyers_south", "quarantine_line"),
            Move("essex_group", "quarantine_line"),
            Letter(
                "public_statement",
                &[],
                "It shall be the policy of this nation to regard any nuclear missile launched from Cuba against any nation in the Western Hemisphere as an attack by the Soviet Union on the United States.",
            ),
        ],
    ),
    play("us", 8, &[Do("u2_overflight")]),
    play(
        "us",
        9,
        &[
            Stance("destroyers_east", "inspect"),
            Stance("destroyers_south", "inspect"),
        ],
    ),
    play(
        "ussr",
        9,
        &[
            Do("turn_ships_back"),
            Stance("poltava", "turn_back"),
            Stance("kimovsk", "turn_back"),
            Stance("yuri_gagarin", "turn_back"),
            Move("poltava", "mid_atlantic"),
            Move("kimovsk", "mid_atlantic"),
            Stance("bucharest", "submit"),
            Move("bucharest", "quarantine_line"),
        ],
    ),
    play("us", 10, &[Do("un_presentation")]),
    play(
        "ussr",
        10,
        &[
            Move("marucla", "approaches"),
            Stance("marucla", "submit"),
            Move("bucharest", "cuban_waters"),
        ],
    ),
    play(
        "ussr",
        11,
        &[
            Move("marucla", "quarantine_line"),
            Letter(
                "embassy_cable",
                &[
                    "soviet_missiles_removed",
                    "no_invasion_pledge",
                    "quarantine_lifted",
                ],
                "We will remove the weapons you call offensive if you pledge not to invade Cuba and lift the blockade.",
            ),
        ],
    ),
    play(
        "ussr",
        12,
        &[Letter(
            "public_statement",
            &[
                "soviet_missiles_removed",
                "jupiters_removed_public",
                "no_invasion_pledge",
            ],
            "You are disturbed over Cuba; you have placed destructive missile weapons in Turkey. We will remove ours from Cuba if you remove yours from Turkey.",
        )],
    ),
    play(
        "us",
        12,
        &[
            Accept(11),
            Publicise(11),
            Letter(
                "back_channel",
                &["jupiters_removed_secret"],
                "The Jupiters will be gone from Turkey within four to five months; this is no part of any public arrangement.",
            ),
        ],
    ),
];

/// The Joint Chiefs' way, and a Presidium that presses on at the line.
const CUBA_HAWK: &[Play] = &[
    play("us", 1, &[Do("u2_overflight")]),
    play(
        "us",
        3,
        &[Letter(
            "public_statement",
            &["soviet_missiles_removed", "il28_bombers_removed"],
            "The missiles and the bombers leave Cuba, or we shall remove them ourselves.",
        )],
    ),
    play("us", 5, &[Do("raise_defcon"), Do("air_strike")]),
    play("us", 6, &[Do("raise_defcon")]),
    play("us", 7, &[Do("invasion")]),
    play(
        "ussr",
        1,
        &[
            Do("continue_construction"),
            Stance("poltava", "press_on"),
            Stance("kimovsk", "press_on"),
        ],
    ),
    play(
        "ussr",
        3,
        &[Move("poltava", "approaches"), Move("kimovsk", "approaches")],
    ),
    play("ussr", 5, &[Do("raise_alert")]),
    play("ussr", 6, &[Do("authorise_air_defence")]),
    play(
        "ussr",
        8,
        &[
            Do("run_blockade"),
            Move("poltava", "quarantine_line"),
            Move("kimovsk", "quarantine_line"),
        ],
    ),
];

/// Diplomacy first: a private warning and a trade offered at once.
const CUBA_DOVE: &[Play] = &[
    play(
        "us",
        1,
        &[
            Do("diplomatic_warning"),
            Letter(
                "back_channel",
                &[
                    "soviet_missiles_removed",
                    "no_invasion_pledge",
                    "jupiters_removed_secret",
                ],
                "Take the missiles out of Cuba and we will pledge not to invade it; the Jupiters in Turkey will go quietly in a few months.",
            ),
        ],
    ),
    play("us", 2, &[Do("public_no_invasion_pledge")]),
    play(
        "ussr",
        1,
        &[
            Do("halt_construction"),
            Letter(
                "embassy_cable",
                &["soviet_missiles_removed", "no_invasion_pledge"],
                "We will take the missiles home if you give your word not to invade Cuba.",
            ),
        ],
    ),
    play(
        "ussr",
        2,
        &[
            Do("halt_construction"),
            Stance("poltava", "turn_back"),
            Stance("kimovsk", "turn_back"),
        ],
    ),
];

/// Checkpoint Charlie, 22–28 October 1961: the escort, the American tanks,
/// the Soviet tanks facing them, and the quiet word that pulled both back,
/// the Soviet tanks first.
const BERLIN_HISTORY: &[Play] = &[
    play("allies", 1, &[Do("armed_escort")]),
    play(
        "allies",
        2,
        &[
            Do("tanks_forward"),
            Do("quiet_word"),
            Letter(
                "washington_moscow",
                &["soviet_tanks_back", "us_tanks_back"],
                "If your tanks pull back from the crossing, ours will follow within the hour.",
            ),
        ],
    ),
    play("allies", 4, &[Do("pull_back")]),
    play("east", 1, &[Do("demand_papers")]),
    play("east", 3, &[Do("soviet_tanks_forward")]),
    play("east", 4, &[Do("soviet_tanks_back")]),
];

const BERLIN_HAWK: &[Play] = &[
    play("allies", 1, &[Do("armed_escort")]),
    play("allies", 2, &[Do("tanks_forward")]),
    play("allies", 3, &[Do("armed_escort"), Do("tanks_forward")]),
    play("east", 1, &[Do("demand_papers")]),
    play("east", 2, &[Do("soviet_tanks_forward")]),
    play(
        "east",
        3,
        &[Do("demand_papers"), Do("soviet_tanks_forward")],
    ),
];

const BERLIN_DOVE: &[Play] = &[
    play("allies", 1, &[Do("quiet_word")]),
    play("allies", 2, &[Do("pull_back")]),
    play("allies", 3, &[Do("pull_back")]),
    play("east", 2, &[Do("soviet_tanks_back")]),
    play("east", 3, &[Do("soviet_tanks_back")]),
];

/// The script of `persona` for the scenario `id`, if there is one.
pub(crate) fn script(id: &str, persona: Persona) -> Option<&'static [Play]> {
    match (id, persona) {
        ("cuban-missile-crisis-1962", Persona::Historical) => Some(CUBA_HISTORY),
        ("cuban-missile-crisis-1962", Persona::Hawk) => Some(CUBA_HAWK),
        ("cuban-missile-crisis-1962", Persona::Dove) => Some(CUBA_DOVE),
        ("berlin-1961", Persona::Historical) => Some(BERLIN_HISTORY),
        ("berlin-1961", Persona::Hawk) => Some(BERLIN_HAWK),
        ("berlin-1961", Persona::Dove) => Some(BERLIN_DOVE),
        _ => None,
    }
}

/// A step as an order, if the side's view offers what it names now.
pub(crate) fn order(ctx: &Ctx, step: &Step) -> Option<OrderItem> {
    match *step {
        Do(action) => ctx.strategic(action),
        Move(unit, zone) => ctx.move_to(unit, zone),
        Stance(unit, stance) => ctx.stance(unit, stance),
        Letter(channel, terms, text) => {
            let channel = ctx.channel(channel)?;
            let terms: Vec<TermId> = terms.iter().map(|t| TermId::from(*t)).collect();
            if terms.iter().any(|t| ctx.term(t).is_none()) {
                return None;
            }
            Some(OrderItem::Letter {
                channel: channel.id.clone(),
                to: ctx.other()?.clone(),
                text: text.to_owned(),
                terms,
            })
        }
        Accept(turn) => {
            let letter = ctx.letter_sent(ctx.other()?, turn)?;
            (letter.to == *ctx.side && letter.delivered && !letter.terms.is_empty()).then(|| {
                OrderItem::Accept {
                    letter: letter.id.clone(),
                }
            })
        }
        Publicise(turn) => {
            let letter = ctx.letter_sent(ctx.other()?, turn)?;
            (letter.delivered && !letter.is_public()).then(|| OrderItem::Publicise {
                letter: letter.id.clone(),
            })
        }
    }
}
