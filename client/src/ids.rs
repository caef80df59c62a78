//! Request ids. The server answers a command whose id it has seen with the
//! first answer and does not apply it again, so a player's ids must never
//! repeat, across runs and reconnections: each is a prefix and a count.

/// A source of request ids: `<prefix><n>` for n = 1, 2, …
#[derive(Debug, Clone)]
pub struct Ids {
    prefix: String,
    sent: u64,
}

impl Ids {
    /// Ids `<prefix>1`, `<prefix>2`, …
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            sent: 0,
        }
    }

    /// Ids with a random prefix (12 hex digits and a dash), unique to this
    /// source whatever ran before.
    pub fn random() -> Self {
        let uuid = uuid::Uuid::new_v4().simple().to_string();
        Self::new(format!("{}-", &uuid[..12]))
    }

    /// The next id.
    pub fn next_id(&mut self) -> String {
        self.sent += 1;
        format!("{}{}", self.prefix, self.sent)
    }

    /// How many ids were given.
    pub fn given(&self) -> u64 {
        self.sent
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn ids_count_up_after_their_prefix_and_never_repeat() {
        let mut ids = Ids::new("jfk-");
        assert_eq!(ids.next_id(), "jfk-1");
        assert_eq!(ids.next_id(), "jfk-2");
        assert_eq!(ids.given(), 2);
        let (mut a, mut b) = (Ids::random(), Ids::random());
        let (x, y) = (a.next_id(), b.next_id());
        assert_ne!(x, y);
        assert!(x.ends_with("-1") && x.len() == 14, "{x}");
    }
}
