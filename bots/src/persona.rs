//! Personas: how a bot plays its side. Each is a rule over what the side's
//! view holds, never over the game's state; each takes a seed.

use std::fmt;
use std::str::FromStr;

/// How a bot plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Persona {
    /// As its side did in October 1962 (or in the scenario's own history):
    /// the quarantine, the secret letter, the public letter, the first
    /// letter accepted.
    Historical,
    /// Escalates: air strike, invasion, pressing on at the line; accepts
    /// only terms the other side alone carries out.
    Hawk,
    /// Negotiates early and concedes: proposes a trade at once, accepts
    /// any proposal, steps back where the menu lets it.
    Dove,
    /// Any order the view offers, at random; for testing.
    RandomLegal,
}

impl Persona {
    /// Every persona, in the order they are listed to people.
    pub const ALL: [Persona; 4] = [
        Persona::Historical,
        Persona::Hawk,
        Persona::Dove,
        Persona::RandomLegal,
    ];

    /// Its name, as `brink bots` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Persona::Historical => "historical",
            Persona::Hawk => "hawk",
            Persona::Dove => "dove",
            Persona::RandomLegal => "random-legal",
        }
    }
}

impl fmt::Display for Persona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A persona's name that is none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPersona(pub String);

impl fmt::Display for UnknownPersona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Persona::ALL.iter().map(|p| p.name()).collect();
        write!(
            f,
            "there is no persona {:?}; the personas are {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownPersona {}

impl FromStr for Persona {
    type Err = UnknownPersona;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Persona::ALL
            .into_iter()
            .find(|p| p.name() == s || (s == "random" && *p == Persona::RandomLegal))
            .ok_or_else(|| UnknownPersona(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_read_back_from_their_names_and_others_are_refused() {
        for p in Persona::ALL {
            assert_eq!(p.name().parse::<Persona>(), Ok(p));
        }
        let err = "pacifist".parse::<Persona>().expect_err("no such persona");
        assert!(
            err.to_string()
                .contains("historical, hawk, dove, random-legal")
        );
    }
}
