//! Retries. A command sent and not yet answered may or may not have been
//! applied when a connection is lost; the client sends it again after
//! resuming, with the same id, and the server answers an id it has seen
//! with the first answer instead of applying the command twice. This keeps
//! the commands in flight, in the order sent, until their answers come.

/// The requests sent and not yet answered, by id, in the order sent.
#[derive(Debug, Clone)]
pub struct Inflight<C> {
    sent: Vec<(String, C)>,
}

impl<C> Default for Inflight<C> {
    fn default() -> Self {
        Self { sent: Vec::new() }
    }
}

impl<C> Inflight<C> {
    /// None in flight.
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes `request`, sent as `id`.
    pub fn push(&mut self, id: String, request: C) {
        self.sent.push((id, request));
    }

    /// Takes out the request `id` answers, if it is in flight.
    pub fn settle(&mut self, id: &str) -> Option<C> {
        let at = self.sent.iter().position(|(sent, _)| sent == id)?;
        Some(self.sent.remove(at).1)
    }

    /// The request sent as `id`, if it is in flight.
    pub fn get(&self, id: &str) -> Option<&C> {
        self.sent
            .iter()
            .find(|(sent, _)| sent == id)
            .map(|(_, c)| c)
    }

    /// How many are in flight.
    pub fn len(&self) -> usize {
        self.sent.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty()
    }

    /// Those in flight, oldest first, with their ids: what to send again,
    /// unchanged, after a reconnection.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &C)> {
        self.sent.iter().map(|(id, c)| (id.as_str(), c))
    }
}

#[cfg(test)]
mod tests {
    use super::Inflight;

    #[test]
    fn answers_settle_their_own_requests_and_the_rest_go_again_in_order() {
        let mut f = Inflight::new();
        f.push("a-1".into(), "one");
        f.push("a-2".into(), "two");
        f.push("a-3".into(), "three");
        assert_eq!(f.settle("a-2"), Some("two"));
        assert_eq!(f.settle("a-2"), None, "an answer settles once");
        assert_eq!(f.get("a-3"), Some(&"three"));
        let again: Vec<_> = f.iter().collect();
        assert_eq!(again, [("a-1", &"one"), ("a-3", &"three")]);
        assert_eq!(f.len(), 2);
        assert!(!f.is_empty());
    }
}
