//! The Brink server: a thin tokio shell around the engine. It accepts
//! WebSocket connections, runs one actor task per session, stores every event
//! durably before anyone learns of it, and decides what each connection sees
//! through the engine's `view` and `redact` alone (see [`outbound`]).
//!
//! [`run`] is the entry point: the binary wires configuration, logging and
//! signals around it, and tests call it on an ephemeral port.

mod admission;
pub mod catalog;
mod connection;
pub mod counters;
mod fragment;
mod handshake;
pub mod log;
mod registry;
mod session;
pub mod store;
mod throttle;
mod tokens;
mod web;

// Public for the benches and the tests, not part of the server's interface.
#[doc(hidden)]
pub mod answers;
#[doc(hidden)]
pub mod outbound;
#[doc(hidden)]
pub mod rebuild;
#[doc(hidden)]
pub mod review;
#[doc(hidden)]
pub mod secret;

use admission::Admission;
use anyhow::Result;
use catalog::Catalog;
use registry::Registry;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;
use store::Store;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Limits on what the server accepts. Each is a named setting, with a flag of
/// the same name on `brink-server` (see `docs/reliability.md`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest WebSocket message (and frame) a client may send, in bytes; a
    /// bigger one closes the connection with 1009.
    pub max_message_bytes: usize,
    /// Most connections open at once; more are refused at accept.
    pub max_connections: usize,
    /// Most connections open at once from one IP address (a classroom behind
    /// one NAT shares an address, so this is generous).
    pub max_connections_per_ip: usize,
    /// Most sessions the server hosts.
    pub max_sessions: usize,
    /// How long a client has to complete the WebSocket handshake.
    pub handshake_timeout: Duration,
    /// Messages a connection may send each second, on average; twice as many
    /// may come in a burst. Over it a message is rejected (`rate_limited`);
    /// a connection that keeps on is closed with 1008.
    pub messages_per_second: u32,
    /// How long a connection may be quiet before it is pinged; a peer that
    /// does not answer the ping (or send anything) within another interval is
    /// dead and is closed.
    pub ping_interval: Duration,
    /// Most messages queued for one connection before it is dropped as too
    /// slow; it can resume and catch up from the log.
    pub outbox_messages: usize,
    /// The kernel's send buffer for each connection, in bytes (`SO_SNDBUF`;
    /// Linux doubles it for its bookkeeping). `None` leaves it to the
    /// kernel's autotuning, which lets a peer that stops reading hold up to
    /// `tcp_wmem`'s maximum (4 MiB here) before its outbox starts to fill;
    /// a cap bounds that memory and makes a slow reader's drop come sooner.
    pub send_buffer_bytes: Option<usize>,
    /// Browsers' `Origin`s allowed to connect; empty allows any. Clients that
    /// send no `Origin` (the CLI, scripts) are always allowed.
    pub allowed_origins: Vec<String>,
    /// How much of each session's log stays in memory (the rest is read
    /// back from the store when a replay, report or fork asks for it).
    pub log_window: log::Window,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: 64 * 1024,
            max_connections: 10_000,
            max_connections_per_ip: 500,
            max_sessions: 1_000,
            handshake_timeout: Duration::from_secs(10),
            messages_per_second: 20,
            ping_interval: Duration::from_secs(15),
            outbox_messages: 1_024,
            send_buffer_bytes: None,
            allowed_origins: Vec::new(),
            log_window: log::Window::default(),
        }
    }
}

impl Limits {
    /// The WebSocket settings these limits imply: tungstenite's defaults
    /// (64 MiB messages, 128 KiB buffers) are far too generous for a server of
    /// many small connections.
    pub fn websocket(&self) -> WebSocketConfig {
        WebSocketConfig::default()
            .max_message_size(Some(self.max_message_bytes))
            .max_frame_size(Some(self.max_message_bytes))
            .read_buffer_size(4 * 1024)
            .write_buffer_size(0)
            .max_write_buffer_size(1024 * 1024)
    }

    /// Sets an accepted connection's socket options: `TCP_NODELAY` (the
    /// server's messages are small and wanted at once) and, if set,
    /// [`Limits::send_buffer_bytes`].
    pub fn configure_socket(&self, stream: &tokio::net::TcpStream) -> std::io::Result<()> {
        stream.set_nodelay(true)?;
        if let Some(bytes) = self.send_buffer_bytes {
            socket2::SockRef::from(stream).set_send_buffer_size(bytes)?;
        }
        Ok(())
    }

    /// How long a write to a peer may block before the peer counts as dead:
    /// the same two ping intervals that detect a silent one.
    pub fn write_timeout(&self) -> Duration {
        self.ping_interval * 2
    }
}

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the database lives.
    pub data_dir: PathBuf,
    /// The token that authorises admin requests.
    pub admin_token: String,
    /// The scenarios sessions can be created from.
    pub catalog: Catalog,
    /// Limits.
    pub limits: Limits,
}

/// What every connection task shares.
#[derive(Debug)]
pub(crate) struct Context {
    /// Sessions, codes and tokens.
    registry: Arc<Registry>,
    /// The admin token, compared in constant time.
    admin_token: String,
    /// Limits.
    limits: Limits,
    /// The next connection's number.
    next_conn: AtomicU64,
}

/// Serves `listener` until `shutdown` completes, then closes every connection,
/// lets each session finish what it is doing, and waits for the store to
/// commit everything before returning.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let data_dir = config.data_dir.clone();
    let (store, writer, stored) =
        tokio::task::spawn_blocking(move || Store::open(&data_dir)).await??;
    let (stop, stopped) = watch::channel(false);
    let sessions = stored.len();
    let registry = Registry::start(
        config.catalog,
        store,
        stored,
        config.limits.max_sessions,
        config.limits.log_window,
        stopped.clone(),
    )
    .await?;
    tracing::info!(sessions, "sessions restored");
    let ctx = Arc::new(Context {
        registry,
        admin_token: config.admin_token,
        limits: config.limits.clone(),
        next_conn: AtomicU64::new(1),
    });
    let admission = Admission::new(
        config.limits.max_connections,
        config.limits.max_connections_per_ip,
    );
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let admitted = match admission.admit(peer.ip()) {
                        Ok(admitted) => admitted,
                        Err(refused) => {
                            tracing::warn!(%peer, ?refused, "refusing a connection: at a connection limit");
                            handshake::busy(stream, admission::explain(refused, &ctx.limits));
                            continue;
                        }
                    };
                    if let Err(e) = ctx.limits.configure_socket(&stream) {
                        tracing::debug!(error = %e, "cannot set the socket's options");
                    }
                    connections.spawn(connection::serve(stream, peer, ctx.clone(), stopped.clone(), admitted));
                }
                Err(e) => {
                    // Out of file descriptors, most likely: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    tracing::info!("shutting down");
    let _ = stop.send(true);
    drop(listener);
    let closing = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(5), closing)
        .await
        .is_err()
    {
        tracing::warn!("some connections did not close in time");
        connections.abort_all();
    }
    drop(ctx);
    // The writer stops once the sessions have dropped their store handles.
    tokio::task::spawn_blocking(move || writer.join()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Milliseconds since the Unix epoch: the only clock the server reads for the
/// engine, which takes time as an input.
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::Limits;

    /// An accepted loopback connection, as the server holds it.
    async fn accepted() -> std::io::Result<(tokio::net::TcpStream, tokio::net::TcpStream)> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let client = tokio::net::TcpStream::connect(listener.local_addr()?).await?;
        let (server, _) = listener.accept().await?;
        Ok((server, client))
    }

    #[tokio::test]
    async fn a_send_buffer_limit_reaches_the_socket() -> std::io::Result<()> {
        let (server, _client) = accepted().await?;
        let limits = Limits {
            send_buffer_bytes: Some(8192),
            ..Limits::default()
        };
        limits.configure_socket(&server)?;
        assert!(server.nodelay()?);
        // Linux doubles what it is given, for its own bookkeeping.
        let set = socket2::SockRef::from(&server).send_buffer_size()?;
        assert!((8192..=2 * 8192).contains(&set), "SO_SNDBUF is {set}");
        Ok(())
    }

    #[tokio::test]
    async fn without_a_limit_the_kernel_keeps_its_send_buffer() -> std::io::Result<()> {
        let (server, _client) = accepted().await?;
        let before = socket2::SockRef::from(&server).send_buffer_size()?;
        Limits::default().configure_socket(&server)?;
        assert!(server.nodelay()?);
        assert_eq!(socket2::SockRef::from(&server).send_buffer_size()?, before);
        Ok(())
    }
}
