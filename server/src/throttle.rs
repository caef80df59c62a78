//! How fast one connection may send: a token bucket that holds two seconds'
//! worth of messages and refills at the configured rate. A message that
//! finds the bucket empty is rejected; a sender that goes on sending into an
//! empty bucket for as long again is cut off.

use std::time::Instant;

/// One connection's allowance.
#[derive(Debug)]
pub struct Throttle {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
    /// Messages refused since the last one let through.
    strikes: u32,
}

/// What to do with one incoming message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Handle it.
    Pass,
    /// Reject it: too fast.
    Refuse,
    /// Close the connection: it does not slow down.
    CutOff,
}

impl Throttle {
    /// An allowance of `per_second` messages a second (0: no limit).
    pub fn new(per_second: u32, now: Instant) -> Self {
        let rate = f64::from(per_second);
        Self {
            rate,
            capacity: rate * 2.0,
            tokens: rate * 2.0,
            last: now,
            strikes: 0,
        }
    }

    /// The verdict on a message arriving at `now`.
    pub fn check(&mut self, now: Instant) -> Verdict {
        if self.rate <= 0.0 {
            return Verdict::Pass;
        }
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.strikes = 0;
            Verdict::Pass
        } else {
            self.strikes += 1;
            if f64::from(self.strikes) > self.capacity {
                Verdict::CutOff
            } else {
                Verdict::Refuse
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_then_refusals_then_cut_off_and_time_refills() {
        let start = Instant::now();
        let mut t = Throttle::new(5, start);
        for _ in 0..10 {
            assert_eq!(t.check(start), Verdict::Pass);
        }
        for _ in 0..10 {
            assert_eq!(t.check(start), Verdict::Refuse);
        }
        assert_eq!(t.check(start), Verdict::CutOff);
        let later = start + Duration::from_secs(1);
        assert_eq!(t.check(later), Verdict::Pass, "a second refills five");
        let mut free = Throttle::new(0, start);
        assert!((0..1000).all(|_| free.check(start) == Verdict::Pass));
    }
}
