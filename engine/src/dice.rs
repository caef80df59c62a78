//! The session's deterministic randomness: two six-sided dice and short ids,
//! both drawn from the session's seed. Nothing here keeps state: each draw is a
//! pure function of the seed and what it is for, so a draw for one side's
//! secret never shifts a draw anyone else sees, and a log replays to the same
//! numbers.

use crate::ids::{ActionId, LetterId};
use serde::{Deserialize, Serialize};

/// A roll of two six-sided dice against a difficulty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Roll {
    /// The two dice, each 1 to 6.
    pub dice: [u8; 2],
    /// Their sum, 2 to 12.
    pub total: u8,
    /// The total needed to succeed, 2 to 12 (for a strategic action, its
    /// target less its modifiers, which may fall outside that range: at 2 or
    /// below it cannot fail, above 12 it cannot succeed).
    pub difficulty: u8,
    /// Whether `total >= difficulty`.
    pub success: bool,
}

/// The `n`th roll (0-based) for `action`, against `difficulty`.
pub(crate) fn roll(seed: u64, action: &ActionId, n: u32, difficulty: u8) -> Roll {
    roll_for(seed, &format!("roll/{action}/{n}"), difficulty)
}

/// A number from 0 to `n - 1` (0 if `n` is 0) for a purpose named by `label`.
pub(crate) fn draw(seed: u64, label: &str, n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        (mix(seed, label) % u64::from(n)) as u32
    }
}

/// A roll against `difficulty` for a purpose named by `label` (a strategic
/// action of one side in one turn, say).
pub(crate) fn roll_for(seed: u64, label: &str, difficulty: u8) -> Roll {
    let x = mix(seed, label);
    // Two independent 32-bit halves; the modulo bias over 2^32 is below 1e-9.
    let die = |bits: u64| (bits % 6) as u8 + 1;
    let dice = [die(x & 0xffff_ffff), die(x >> 32)];
    let total = dice[0] + dice[1];
    Roll {
        dice,
        total,
        difficulty,
        success: total >= difficulty,
    }
}

/// The id of the `n`th letter (0-based) side `from` sends, avoiding `taken`.
pub(crate) fn letter_id(
    seed: u64,
    from: &str,
    n: usize,
    taken: impl Fn(&LetterId) -> bool,
) -> LetterId {
    let mut attempt = 0u32;
    loop {
        let id = LetterId(short(
            'L',
            mix(seed, &format!("letter/{from}/{n}/{attempt}")),
        ));
        if !taken(&id) {
            return id;
        }
        attempt += 1;
    }
}

/// The id of the `n`th free-form action (0-based) of side `side`, avoiding `taken`.
pub(crate) fn action_id(
    seed: u64,
    side: &str,
    n: usize,
    taken: impl Fn(&ActionId) -> bool,
) -> ActionId {
    let mut attempt = 0u32;
    loop {
        let id = ActionId(short(
            'A',
            mix(seed, &format!("action/{side}/{n}/{attempt}")),
        ));
        if !taken(&id) {
            return id;
        }
        attempt += 1;
    }
}

/// Letters without look-alikes (no 0/O, 1/I/L, 5/S, 8/B).
const ALPHABET: &[u8; 26] = b"ACDEFGHJKMNPQRTUVWXY234679";

fn short(prefix: char, mut x: u64) -> String {
    let mut out = String::with_capacity(5);
    out.push(prefix);
    for _ in 0..4 {
        out.push(char::from(ALPHABET[(x % 26) as usize]));
        x /= 26;
    }
    out
}

/// SplitMix64 over the seed and a label (FNV-1a), well mixed and stable
/// across platforms and releases.
fn mix(seed: u64, label: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = seed ^ h.rotate_left(29);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolls_are_fair_enough_and_repeatable() {
        let action = ActionId("AXXXX".into());
        let mut counts = [0u32; 13];
        for n in 0..36_000 {
            let r = roll(7, &action, n, 7);
            assert_eq!(r, roll(7, &action, n, 7));
            assert!((1..=6).contains(&r.dice[0]) && (1..=6).contains(&r.dice[1]));
            assert_eq!(r.success, r.total >= 7);
            counts[usize::from(r.total)] += 1;
        }
        // 2d6: a 7 comes 6 times in 36, a 2 once; allow generous slack.
        assert!((5_400..6_600).contains(&counts[7]), "{counts:?}");
        assert!((700..1_300).contains(&counts[2]), "{counts:?}");
        assert!((700..1_300).contains(&counts[12]), "{counts:?}");
    }

    #[test]
    fn ids_differ_by_side_and_count_and_avoid_taken_ones() {
        let a = letter_id(1, "us", 0, |_| false);
        let b = letter_id(1, "us", 1, |_| false);
        let c = letter_id(1, "ussr", 0, |_| false);
        assert!(a != b && a != c && b != c);
        assert_eq!(a.as_str().len(), 5);
        let again = letter_id(1, "us", 0, |id| *id == a);
        assert_ne!(again, a);
    }
}
