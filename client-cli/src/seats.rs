//! `brink seats CODE`: what a join code admits to and, for a side's code,
//! who holds each of the side's seats and whether they are online — the
//! answer the browser's join screen shows, asked before joining. Also the
//! browser link for a code, which `admin create-session` prints.

use anyhow::Result;
use brink_engine::View;
use brink_protocol::{ClientMsg, ServerMsg};
use std::io::Write;
use std::process::ExitCode;

/// The page a join code opens in a browser: the game server's own address
/// over HTTP, with the code in the fragment (never sent to the server).
pub fn browser_link(server: &str, code: &str) -> String {
    let base = server
        .strip_prefix("wss://")
        .map(|rest| format!("https://{rest}"))
        .or_else(|| {
            server
                .strip_prefix("ws://")
                .map(|rest| format!("http://{rest}"))
        })
        .unwrap_or_else(|| server.to_owned());
    format!("{}/#code={code}", base.trim_end_matches('/'))
}

/// `/seats`: every side's seats, who holds each and whether they are online.
pub fn seats_text(view: &View) -> String {
    let mut out = String::new();
    for side in &view.scenario.sides {
        out.push_str(&format!("{} ({}):\n", side.name, side.id));
        for seat in &side.seats {
            let holder = seat
                .holder
                .as_ref()
                .and_then(|h| view.players.iter().find(|p| &p.id == h))
                .map_or_else(
                    || "free".to_owned(),
                    |p| {
                        format!(
                            "{} ({})",
                            p.name,
                            if p.online { "online" } else { "offline" }
                        )
                    },
                );
            let leader = if seat.leader { ", leader" } else { "" };
            out.push_str(&format!(
                "  {:<26} {}{leader}: {holder}\n",
                seat.id.as_str(),
                seat.name
            ));
        }
    }
    out.trim_end().to_owned()
}

/// Asks the server what `code` admits to and prints it.
pub async fn seats(server: &str, code: String, json: bool) -> Result<ExitCode> {
    let mut link = crate::connect(server).await?;
    let id = link.next_id();
    let (answer, raw) = link
        .request::<ServerMsg>(&ClientMsg::Seats { id, code })
        .await?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{raw}")?;
    }
    match answer {
        ServerMsg::Seats {
            role,
            side_name,
            title,
            seats,
            ..
        } if !json => {
            let who = match (&role, side_name) {
                (_, Some(side)) => side,
                (brink_engine::JoinRole::Umpire, None) => "the umpire".to_owned(),
                _ => "an observer".to_owned(),
            };
            writeln!(out, "{title}: this code joins as {who}.")?;
            for s in &seats {
                let holder = match &s.holder {
                    Some(name) if s.online => format!("{name} (online)"),
                    Some(name) => format!("{name} (offline)"),
                    None => "free".to_owned(),
                };
                let leader = if s.leader { " (leader)" } else { "" };
                writeln!(out, "  {:<20} {}{leader}: {holder}", s.seat, s.name)?;
            }
            if !seats.is_empty() {
                writeln!(out, "Join with: brink join CODE --name NAME --seat SEAT")?;
            }
        }
        ServerMsg::Rejected { code, message, .. } => {
            return Ok(crate::play::refused(json, &code, &message));
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::browser_link;

    #[test]
    fn a_code_opens_the_game_servers_own_page() {
        assert_eq!(
            browser_link("ws://127.0.0.1:7878", "us-abc"),
            "http://127.0.0.1:7878/#code=us-abc"
        );
        assert_eq!(
            browser_link("wss://brink.example.org/", "ussr-x"),
            "https://brink.example.org/#code=ussr-x"
        );
    }
}
