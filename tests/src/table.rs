//! The shared table harness (on the model of quinn-proto's `Pair`): one
//! session's connections, each labelled with who it is and kept with its
//! welcome, and what the tests do with them — a command that must be
//! accepted or refused, a barrier that brings every connection level with
//! the session, the secrets a viewer may not have yet, and what a
//! connection received. The authorization, review and turn tests all sit
//! at one.

use crate::{Client, Server, Session};
use anyhow::{Result, bail};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A session's connections: `(who, client, welcome)`, the welcome `null`
/// for a connection that did not join. `W` names who each is: by default
/// the viewer it is (`umpire`, a side, `observer`).
#[derive(Debug)]
pub struct Table<W = &'static str> {
    /// The server's address.
    pub url: String,
    /// The session.
    pub s: Session,
    /// The connections, in the order seated.
    pub clients: Vec<(W, Client, Value)>,
    /// How many barriers have been passed.
    pub barriers: usize,
    /// Whether observers follow with a delay (and so miss barriers).
    pub delayed: bool,
    /// Each secret text and the viewers that may have it by now.
    secrets: Vec<(&'static str, BTreeSet<&'static str>)>,
}

impl<W> Table<W> {
    /// A table of `clients` at `s` on `server`.
    pub fn new(server: &Server, s: Session, clients: Vec<(W, Client, Value)>) -> Self {
        Self {
            url: server.url.clone(),
            s,
            clients,
            barriers: 0,
            delayed: false,
            secrets: Vec::new(),
        }
    }

    /// Joins each of `seats` — `(who, code, name, seat)` — at `s`.
    pub async fn join(
        server: &Server,
        s: Session,
        seats: Vec<(W, String, &str, Option<&str>)>,
    ) -> Result<Self> {
        let mut clients = Vec::new();
        for (who, code, name, seat) in seats {
            let (client, welcome) = Client::join(&server.url, &code, name, seat).await?;
            clients.push((who, client, welcome));
        }
        Ok(Self::new(server, s, clients))
    }

    /// Connection `i`.
    pub fn c(&mut self, i: usize) -> &mut Client {
        &mut self.clients[i].1
    }

    /// Connection `i` sends `command`, which must be accepted.
    pub async fn ok(&mut self, i: usize, command: Value) -> Result<Value> {
        let answer = self.c(i).command(command.clone()).await?;
        if answer["type"] != "ack" {
            bail!("{command} was refused: {answer}");
        }
        Ok(answer)
    }

    /// Connection `i` sends `command`, which must be refused; the code.
    pub async fn refused(&mut self, i: usize, command: Value) -> Result<String> {
        let answer = self.c(i).command(command.clone()).await?;
        if answer["type"] != "rejected" {
            bail!("{command} was accepted");
        }
        Ok(answer["code"].as_str().unwrap_or_default().to_owned())
    }

    /// Connection `i`'s resume token, as a review credential.
    pub fn token(&self, i: usize) -> Value {
        json!({"token": self.clients[i].2["resume_token"]})
    }

    /// The last event of type `ty` connection `i` received.
    pub fn last(&self, i: usize, ty: &str) -> Option<Value> {
        self.clients[i]
            .1
            .log
            .iter()
            .rev()
            .find(|m| m["type"] == "event" && m["event"]["type"] == ty)
            .map(|m| m["event"].clone())
    }

    /// Whether connection `i` saw an order drafted by `player`.
    pub fn drafted(&self, i: usize, player: &str) -> bool {
        self.clients[i]
            .1
            .log
            .iter()
            .any(|m| m["event"]["type"] == "order_added" && m["event"]["by"] == player)
    }

    /// Whether connection `i` received `text` anywhere.
    pub fn has(&self, i: usize, text: &str) -> bool {
        self.clients[i].1.transcript().contains(text)
    }
}

impl<W: PartialEq> Table<W> {
    /// The first connection of `who` (else the first of all).
    pub fn of(&mut self, who: &W) -> &mut Client {
        let i = self
            .clients
            .iter()
            .position(|(w, _, _)| w == who)
            .unwrap_or(0);
        &mut self.clients[i].1
    }

    /// The welcome of `who`'s first connection, if seated.
    pub fn welcome_of(&self, who: &W) -> Option<&Value> {
        self.clients
            .iter()
            .find(|(w, _, _)| w == who)
            .map(|(_, _, welcome)| welcome)
    }
}

/// The connection at index 0 of a viewers' table is the umpire's.
const UMPIRE: usize = 0;

impl Table<&'static str> {
    /// A secret `text`, which `viewers` (and the umpire) may now have; every
    /// barrier checks that no other viewer has it.
    pub fn allow(&mut self, text: &'static str, viewers: &[&'static str]) {
        match self.secrets.iter_mut().find(|(t, _)| *t == text) {
            Some((_, set)) => set.extend(viewers.iter().copied()),
            None => {
                let mut set = BTreeSet::from(["umpire"]);
                set.extend(viewers.iter().copied());
                self.secrets.push((text, set));
            }
        }
    }

    /// Brings every connection level with the session (the umpire, seated
    /// first, writes a barrier to all; each waits for it, but a delayed
    /// observer), then checks that no connection has a secret its viewer
    /// may not have by now.
    pub async fn sync(&mut self) -> Result<()> {
        self.barriers += 1;
        let tag = format!("barrier {}", self.barriers);
        self.ok(
            UMPIRE,
            json!({"type": "umpire_message", "to": "all", "text": tag}),
        )
        .await?;
        let delayed = self.delayed;
        for (viewer, client, _) in &mut self.clients {
            if delayed && *viewer == "observer" {
                continue;
            }
            client
                .event_where(|e| e["type"] == "message_posted" && e["text"] == tag.as_str())
                .await?;
        }
        for (viewer, client, _) in &self.clients {
            let transcript = client.transcript();
            for (text, may) in &self.secrets {
                if !may.contains(viewer) && transcript.contains(text) {
                    bail!(
                        "{viewer} received {text:?} before it may (barrier {})",
                        self.barriers
                    );
                }
            }
        }
        Ok(())
    }
}
