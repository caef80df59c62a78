//! A loopback TCP proxy that injects faults into the connections it carries:
//! it cuts them (both directions closed at once, mid-frame as likely as not)
//! or half-opens them (stops carrying bytes either way but keeps both sockets
//! open, as a dead Wi-Fi link does), at random moments, until it has injected
//! as many faults as asked.

use crate::Dice;
use anyhow::Result;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What happens to a carried connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Carry,
    Cut,
    HalfOpen,
}

/// A running proxy.
#[derive(Debug)]
pub struct Proxy {
    /// `ws://127.0.0.1:PORT`, to connect to instead of the server.
    pub url: String,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    upstream: Mutex<String>,
    links: Mutex<Vec<watch::Sender<Fate>>>,
    cuts: AtomicUsize,
    half_opens: AtomicUsize,
    stop: AtomicBool,
}

impl Proxy {
    /// Starts a proxy to `upstream` (`ws://HOST:PORT`) that injects `faults`
    /// faults, one every 1 to `gap_ms` milliseconds, chosen by `seed`.
    pub async fn start(upstream: &str, faults: usize, gap_ms: u64, seed: u64) -> Result<Self> {
        let target = upstream.trim_start_matches("ws://").to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("ws://{}", listener.local_addr()?);
        let shared = Arc::new(Shared {
            upstream: Mutex::new(target),
            links: Mutex::new(Vec::new()),
            cuts: AtomicUsize::new(0),
            half_opens: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let target = lock(&accepting.upstream).clone();
                let Ok(server) = TcpStream::connect(&target).await else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (fate, watching) = watch::channel(Fate::Carry);
                lock(&accepting.links).push(fate);
                tokio::spawn(carry(client, server, watching));
            }
        });
        let injecting = shared.clone();
        tokio::spawn(async move {
            let mut dice = Dice::new(seed);
            while injecting.injected() < faults && !injecting.stop.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(
                    1 + dice.below(gap_ms as usize) as u64,
                ))
                .await;
                let link = {
                    let mut links = lock(&injecting.links);
                    links.retain(|l| !l.is_closed() && *l.borrow() == Fate::Carry);
                    if links.is_empty() {
                        continue;
                    }
                    let i = dice.below(links.len());
                    links.swap_remove(i)
                };
                if dice.below(10) < 7 {
                    injecting.cuts.fetch_add(1, Ordering::Relaxed);
                    let _ = link.send(Fate::Cut);
                } else {
                    injecting.half_opens.fetch_add(1, Ordering::Relaxed);
                    let _ = link.send(Fate::HalfOpen);
                }
            }
        });
        Ok(Self { url, shared })
    }

    /// Faults injected so far: `(cuts, half-opens)`.
    pub fn faults(&self) -> (usize, usize) {
        (
            self.shared.cuts.load(Ordering::Relaxed),
            self.shared.half_opens.load(Ordering::Relaxed),
        )
    }

    /// Carries new connections to another upstream (a restarted server).
    pub fn reroute(&self, upstream: &str) {
        *lock(&self.shared.upstream) = upstream.trim_start_matches("ws://").to_owned();
    }

    /// Stops injecting faults; carried connections go on.
    pub fn calm(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
    }
}

impl Shared {
    fn injected(&self) -> usize {
        self.cuts.load(Ordering::Relaxed) + self.half_opens.load(Ordering::Relaxed)
    }
}

/// Carries bytes both ways until either side closes or the link's fate
/// changes: a cut closes both sockets; a half-open holds them, silent, for a
/// while (long enough for both ends to give up on it), then closes them.
async fn carry(mut client: TcpStream, mut server: TcpStream, mut fate: watch::Receiver<Fate>) {
    let (mut cr, mut cw) = client.split();
    let (mut sr, mut sw) = server.split();
    let mut up = [0u8; 8192];
    let mut down = [0u8; 8192];
    loop {
        tokio::select! {
            _ = fate.changed() => break,
            n = cr.read(&mut up) => match n {
                Ok(0) | Err(_) => return,
                Ok(n) => if sw.write_all(&up[..n]).await.is_err() { return },
            },
            n = sr.read(&mut down) => match n {
                Ok(0) | Err(_) => return,
                Ok(n) => if cw.write_all(&down[..n]).await.is_err() { return },
            },
        }
    }
    if *fate.borrow() == Fate::HalfOpen {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
