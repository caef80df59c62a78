//! A player's stream and its fold. The server numbers each viewer's events
//! 1, 2, 3, …; a client checks that each is the one after the last (no gap,
//! no repeat), reads a resume's welcome against what it received, and folds
//! the events into the view it was welcomed with, through the engine's one
//! fold, [`View::apply`].

use brink_engine::{Seen, View};

/// Where a stream stands: the seq of the last event received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stream {
    last: u64,
}

/// What an event's seq says about the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// The one after the last: taken.
    Next,
    /// At or before the last: received already.
    Again,
    /// Past the next: events between are missing.
    Gap,
}

/// What a resume's welcome says about the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resumed {
    /// The missed events (this many) follow the welcome.
    Missed(u64),
    /// Too far behind to replay: the welcome's view brings the client up to
    /// date, and no missed events follow.
    Snapshot,
    /// The server's stream is shorter than what was received.
    Shorter,
    /// The welcome announces a number of missed events that does not match
    /// its seq.
    Miscounted,
}

impl Resumed {
    /// What a welcome at `seq` announcing `missed` events says to a client
    /// whose last event was `last`.
    pub fn of(last: u64, seq: u64, missed: u64) -> Self {
        if seq < last {
            Self::Shorter
        } else if missed == 0 && seq > last {
            Self::Snapshot
        } else if seq - last != missed {
            Self::Miscounted
        } else {
            Self::Missed(missed)
        }
    }
}

impl Stream {
    /// A stream whose last event was `last` (a welcome's seq at joining).
    pub fn at(last: u64) -> Self {
        Self { last }
    }

    /// The seq of the last event received.
    pub fn last(&self) -> u64 {
        self.last
    }

    /// Takes event `seq`: only the next one moves the stream on.
    pub fn take(&mut self, seq: u64) -> Taken {
        if seq == self.last + 1 {
            self.last = seq;
            Taken::Next
        } else if seq <= self.last {
            Taken::Again
        } else {
            Taken::Gap
        }
    }

    /// Reads a resume's welcome at `seq` announcing `missed` events; after
    /// a snapshot the stream stands at `seq`.
    pub fn resumed(&mut self, seq: u64, missed: u64) -> Resumed {
        let resumed = Resumed::of(self.last, seq, missed);
        if resumed == Resumed::Snapshot {
            self.last = seq;
        }
        resumed
    }
}

/// A view kept up to date from the stream: the view a welcome gave, and
/// every later event folded in.
#[derive(Debug, Clone)]
pub struct Follow {
    view: View,
    stream: Stream,
}

impl Follow {
    /// The view a welcome at `seq` gave. Events up to `seq` (the missed ones
    /// that follow a resume's welcome) are already in it.
    pub fn new(view: View, seq: u64) -> Self {
        Self {
            view,
            stream: Stream::at(seq),
        }
    }

    /// The view.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The seq of the last event folded in (or the welcome's).
    pub fn last(&self) -> u64 {
        self.stream.last()
    }

    /// Folds event `seq` in, unless the view holds it already. After a gap
    /// the event is folded all the same (the view is then the best the
    /// client can know), and the answer says so.
    pub fn apply(&mut self, seq: u64, seen: &Seen) -> Taken {
        let taken = match self.stream.take(seq) {
            Taken::Gap => {
                self.stream = Stream::at(seq);
                Taken::Gap
            }
            taken => taken,
        };
        if taken != Taken::Again {
            self.view.apply(seq, seen);
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_takes_only_the_next_event() {
        let mut s = Stream::at(3);
        assert_eq!(s.take(4), Taken::Next);
        assert_eq!(s.take(4), Taken::Again);
        assert_eq!(s.take(2), Taken::Again);
        assert_eq!(s.take(6), Taken::Gap);
        assert_eq!(s.last(), 4);
    }

    #[test]
    fn a_welcome_reads_against_what_was_received() {
        assert_eq!(Resumed::of(5, 8, 3), Resumed::Missed(3));
        assert_eq!(Resumed::of(5, 5, 0), Resumed::Missed(0));
        assert_eq!(Resumed::of(5, 90, 0), Resumed::Snapshot);
        assert_eq!(Resumed::of(5, 4, 0), Resumed::Shorter);
        assert_eq!(Resumed::of(5, 9, 3), Resumed::Miscounted);
        let mut s = Stream::at(5);
        assert_eq!(s.resumed(90, 0), Resumed::Snapshot);
        assert_eq!(s.last(), 90);
        assert_eq!(s.resumed(93, 3), Resumed::Missed(3));
        assert_eq!(s.last(), 90, "the missed events move it as they come");
    }
}
