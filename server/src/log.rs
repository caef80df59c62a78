//! A session's log as its actor holds it: the most recent events in memory,
//! a window bounded in count and in bytes ([`Window`]), and marks that say
//! where in the store the older ones lie, so that a replay, a report, a fork,
//! the delayed observers or a failed write's refold reads them back from
//! disk. Whatever a session's length, its memory for events is the window
//! plus 16 bytes a [`MARK_EVERY`] events.

use brink_engine::Recorded;
use std::collections::VecDeque;

/// A mark is kept for the first event and every this many events after: its
/// log position and its row in the store.
pub const MARK_EVERY: u64 = 1024;

/// How many of a session's latest events, and how many bytes of them (as
/// stored, in JSON), stay in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Most events held.
    pub events: usize,
    /// Most bytes of events held, counted as their stored JSON.
    pub bytes: usize,
}

impl Default for Window {
    fn default() -> Self {
        Self {
            events: 16_384,
            bytes: 8 * 1024 * 1024,
        }
    }
}

/// Whether the event at log position `seq` gets a mark.
pub fn is_mark(seq: u64) -> bool {
    seq == 1 || seq.is_multiple_of(MARK_EVERY)
}

/// A session's log: the window in memory, and where the rest is stored.
#[derive(Debug)]
pub struct Log {
    /// The latest events, in order.
    recent: VecDeque<Recorded>,
    /// Their sizes as stored, in the same order.
    sizes: VecDeque<u32>,
    /// Bytes of `recent`, as stored.
    bytes: usize,
    /// The seq of the last event: the log's length.
    len: u64,
    /// `(seq, row)` of the marked events, in order.
    marks: Vec<(u64, i64)>,
    /// The window's bounds.
    window: Window,
}

impl Log {
    /// An empty log with this window.
    pub fn new(window: Window) -> Self {
        Self {
            recent: VecDeque::new(),
            sizes: VecDeque::new(),
            bytes: 0,
            len: 0,
            marks: Vec::new(),
            window,
        }
    }

    /// How many events the log has, in all.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The seq of the oldest event held in memory (`len + 1` when none is).
    pub fn first_held(&self) -> u64 {
        self.len + 1 - self.recent.len() as u64
    }

    /// Whether every event from `seq` on is in memory.
    pub fn holds_from(&self, seq: u64) -> bool {
        seq >= self.first_held()
    }

    /// Appends the next event, of `bytes` bytes as stored, and lets the
    /// oldest go while the window is over its bounds (the latest one stays).
    pub fn push(&mut self, recorded: Recorded, bytes: usize) {
        debug_assert_eq!(recorded.seq, self.len + 1);
        self.len = recorded.seq;
        let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
        self.bytes += bytes as usize;
        self.recent.push_back(recorded);
        self.sizes.push_back(bytes);
        while self.recent.len() > 1
            && (self.recent.len() > self.window.events || self.bytes > self.window.bytes)
        {
            self.recent.pop_front();
            if let Some(gone) = self.sizes.pop_front() {
                self.bytes -= gone as usize;
            }
        }
    }

    /// Notes that the events `first..first + count` are stored from row
    /// `row` on (a write's rows are consecutive).
    pub fn stored(&mut self, first: u64, count: u64, row: i64) {
        for seq in first..first + count {
            if is_mark(seq) {
                let offset = i64::try_from(seq - first).unwrap_or(i64::MAX);
                self.marks.push((seq, row.saturating_add(offset)));
            }
        }
    }

    /// Takes the marks of a stored session.
    pub fn set_marks(&mut self, marks: Vec<(u64, i64)>) {
        self.marks = marks;
    }

    /// The event at log position `seq`, if it is in memory.
    pub fn get(&self, seq: u64) -> Option<&Recorded> {
        let i = seq.checked_sub(self.first_held())?;
        self.recent.get(usize::try_from(i).ok()?)
    }

    /// The events in memory from `seq` on, in order.
    pub fn held_from(&self, seq: u64) -> impl DoubleEndedIterator<Item = &Recorded> {
        let skip = seq.saturating_sub(self.first_held());
        self.recent
            .iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
    }

    /// The store rows that bound the events `from..=to`: every such event's
    /// row is at least the first and below the second (if any).
    pub fn rows(&self, from: u64, to: u64) -> (i64, Option<i64>) {
        let low = self
            .marks
            .iter()
            .rev()
            .find(|(seq, _)| *seq <= from)
            .map_or(0, |(_, row)| *row);
        let high = self
            .marks
            .iter()
            .find(|(seq, _)| *seq > to)
            .map(|(_, row)| *row);
        (low, high)
    }

    /// Whether every event of the log is in memory.
    pub fn holds_all(&self) -> bool {
        self.first_held() == 1
    }

    /// The events in memory, as one slice.
    pub fn held(&mut self) -> &[Recorded] {
        self.recent.make_contiguous()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_engine::{Event, Phase, Visibility};

    fn event(seq: u64) -> Recorded {
        Recorded {
            seq,
            at_ms: seq,
            turn: 0,
            phase: Phase::Lobby,
            actor: None,
            visibility: Visibility::Public,
            event: Event::Resumed,
        }
    }

    #[test]
    fn the_window_keeps_the_latest_events_within_its_count_and_bytes() {
        let mut log = Log::new(Window {
            events: 4,
            bytes: 100,
        });
        for seq in 1..=10 {
            log.push(event(seq), 10);
        }
        assert_eq!((log.len(), log.first_held()), (10, 7));
        assert!(log.get(6).is_none());
        assert_eq!(log.get(7).map(|r| r.seq), Some(7));
        assert_eq!(log.held_from(9).map(|r| r.seq).collect::<Vec<_>>(), [9, 10]);
        assert!(!log.holds_all());
        // Bytes bind too; the latest event stays however big.
        log.push(event(11), 70);
        assert_eq!(log.first_held(), 8);
        log.push(event(12), 20);
        assert_eq!(log.first_held(), 10);
        log.push(event(13), 500);
        assert_eq!(log.first_held(), 13);
    }

    #[test]
    fn marks_bound_the_rows_of_any_range() {
        let mut log = Log::new(Window::default());
        // Rows interleaved with another session's: 1..=1500 from row 10,
        // 1501..=3000 from row 5000.
        log.stored(1, 1500, 10);
        log.stored(1501, 1500, 5000);
        assert_eq!(log.marks, [(1, 10), (1024, 1033), (2048, 5547)]);
        assert_eq!(log.rows(1, 5), (10, Some(1033)));
        assert_eq!(log.rows(1100, 2047), (1033, Some(5547)));
        assert_eq!(log.rows(2500, 2600), (5547, None));
    }
}
