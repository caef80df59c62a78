//! Who may open a connection: at most so many at once in all, at most so many
//! from one IP address, and (for browsers) only from allowed origins. A
//! connection holds an [`Admitted`] for as long as it is open.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};

/// The open connections, in all and by address.
#[derive(Debug)]
pub struct Admission {
    max_total: usize,
    max_per_ip: usize,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_ip: HashMap<IpAddr, usize>,
}

/// Why a connection was refused at accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The server holds its most connections.
    Full,
    /// This address holds its most connections.
    AddressFull,
}

/// What a connection refused at accept is told.
pub fn explain(refused: Refused, limits: &crate::Limits) -> String {
    match refused {
        Refused::Full => format!(
            "This Brink server holds its most connections ({}); try again in a moment.",
            limits.max_connections
        ),
        Refused::AddressFull => format!(
            "Your address already holds {} connections to this Brink server, its limit per address (--max-connections-per-ip); close some, or ask the operator to raise the limit.",
            limits.max_connections_per_ip
        ),
    }
}

/// A place among the open connections, given back when dropped.
#[derive(Debug)]
pub struct Admitted {
    admission: Arc<Admission>,
    ip: IpAddr,
}

impl Admission {
    /// Admission with these limits.
    pub fn new(max_total: usize, max_per_ip: usize) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_ip,
            open: Mutex::new(Open::default()),
        })
    }

    /// Takes a place for a connection from `ip`, if there is one.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Admitted, Refused> {
        let mut open = self.lock();
        if open.total >= self.max_total {
            return Err(Refused::Full);
        }
        let from_ip = open.by_ip.entry(ip).or_insert(0);
        if *from_ip >= self.max_per_ip {
            return Err(Refused::AddressFull);
        }
        *from_ip += 1;
        open.total += 1;
        Ok(Admitted {
            admission: self.clone(),
            ip,
        })
    }

    /// How many connections are open.
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.lock().total
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.admission.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_ip.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_ip.remove(&self.ip);
            }
        }
    }
}

/// The handshake's check of a browser's `Origin` against `allowed` (empty
/// allows every origin). A request without `Origin` is not from a browser
/// page, and is let through: origins protect browsers' users, not the server.
#[allow(
    clippy::result_large_err,
    reason = "the shape tungstenite's handshake callback takes"
)]
pub fn check_origin(
    allowed: &[String],
    request: &Request,
    response: Response,
) -> Result<Response, ErrorResponse> {
    // The page this server serves itself comes from the address it was
    // asked for: its origin is always allowed.
    let host = request.headers().get("host").and_then(|h| h.to_str().ok());
    let own = |origin: &str| {
        host.is_some_and(|host| {
            ["http://", "https://"].iter().any(|scheme| {
                origin.len() == scheme.len() + host.len()
                    && origin[..scheme.len()].eq_ignore_ascii_case(scheme)
                    && origin[scheme.len()..].eq_ignore_ascii_case(host)
            })
        })
    };
    match request.headers().get("origin").map(HeaderValue::to_str) {
        None => Ok(response),
        _ if allowed.is_empty() => Ok(response),
        Some(Ok(origin)) if own(origin) => Ok(response),
        Some(Ok(origin)) if allowed.iter().any(|a| a.eq_ignore_ascii_case(origin)) => Ok(response),
        Some(origin) => {
            tracing::info!(origin = ?origin, "refusing a connection from an origin not allowed");
            let mut refusal = ErrorResponse::new(Some(
                "this page's origin may not connect to this Brink server; ask its operator to add it with --allowed-origin".into(),
            ));
            *refusal.status_mut() = StatusCode::FORBIDDEN;
            Err(refusal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn places_are_counted_in_all_and_by_address_and_given_back() {
        let admission = Admission::new(3, 2);
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        let first = admission.admit(a).expect("room");
        let _second = admission.admit(a).expect("room");
        assert_eq!(admission.admit(a).err(), Some(Refused::AddressFull));
        let _third = admission.admit(b).expect("room for another address");
        assert_eq!(admission.admit(b).err(), Some(Refused::Full));
        drop(first);
        assert_eq!(admission.open(), 2);
        assert!(admission.admit(a).is_ok());
    }
}
