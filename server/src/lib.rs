//! The Brink server: a thin tokio shell around the engine. It accepts
//! WebSocket connections, runs one actor task per session, stores every event
//! durably before anyone learns of it, and decides what each connection sees
//! through the engine's `view` and `redact` alone (see [`outbound`]).
//!
//! [`run`] is the entry point: the binary wires configuration, logging and
//! signals around it, and tests call it on an ephemeral port.

pub mod catalog;
mod connection;
pub mod outbound;
mod registry;
pub mod review;
pub mod secret;
mod session;
pub mod store;

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
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Limits on what the server accepts. Each is a named setting.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest WebSocket message (and frame) a client may send, in bytes.
    pub max_message_bytes: usize,
    /// Most connections open at once; more are refused at accept.
    pub max_connections: usize,
    /// Most sessions the server hosts.
    pub max_sessions: usize,
    /// How long a client has to complete the WebSocket handshake.
    pub handshake_timeout: Duration,
    /// Most messages queued for one connection before it is dropped as too slow.
    pub outbox_messages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: 64 * 1024,
            max_connections: 10_000,
            max_sessions: 1_000,
            handshake_timeout: Duration::from_secs(10),
            outbox_messages: 1_024,
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
        stopped.clone(),
    )
    .await?;
    tracing::info!(sessions, "sessions restored");
    let ctx = Arc::new(Context {
        registry,
        admin_token: config.admin_token,
        limits: config.limits,
        next_conn: AtomicU64::new(1),
    });
    let permits = Arc::new(Semaphore::new(config.limits.max_connections));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(permit) = permits.clone().try_acquire_owned() else {
                        tracing::warn!(%peer, "refusing a connection: at the connection limit");
                        continue;
                    };
                    if let Err(e) = stream.set_nodelay(true) {
                        tracing::debug!(error = %e, "cannot set TCP_NODELAY");
                    }
                    connections.spawn(connection::serve(stream, peer, ctx.clone(), stopped.clone(), permit));
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
