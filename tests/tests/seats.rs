//! Seats after joining, over the real network path: a student's machine
//! dies holding a seat; another machine cannot take it until the umpire
//! frees it; then the old connection closes (4002), the old token is
//! refused, and the new client takes the seat. The umpire moves and removes
//! players, and a player leaves by themself; refusals change nothing.

use anyhow::{Context, Result, ensure};
use brink_tests::Client;
use serde_json::{Value, json};

fn holder<'v>(view: &'v Value, seat: &str) -> &'v Value {
    view["scenario"]["sides"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["seats"].as_array().into_iter().flatten())
        .find(|s| s["id"] == seat)
        .map_or(&Value::Null, |s| &s["holder"])
}

#[tokio::test]
async fn the_umpire_frees_a_seat_and_a_new_machine_takes_it() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("seats").await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut bobby, welcome) =
        Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    let token = welcome["resume_token"].clone();
    let bobby_id = welcome["player"].clone();

    // The seat is held: another machine is refused.
    let mut other = Client::connect(&server.url).await?;
    let taken = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby", "seat": "attorney_general"}))
        .await?;
    ensure!(
        taken["code"] == "seat_taken" || taken["code"] == "bad_name",
        "{taken}"
    );

    // Only the umpire frees seats; a free seat cannot be freed.
    let refused = bobby
        .command(json!({"type": "free_seat", "side": "us", "seat": "attorney_general"}))
        .await?;
    ensure!(refused["code"] == "forbidden", "{refused}");
    let empty = umpire
        .command(json!({"type": "free_seat", "side": "us", "seat": "secretary_of_state"}))
        .await?;
    ensure!(empty["code"] == "seat_empty", "{empty}");

    // The umpire frees it: Bobby's connection is told, then let go.
    let freed = umpire
        .command(json!({"type": "free_seat", "side": "us", "seat": "attorney_general"}))
        .await?;
    ensure!(freed["type"] == "ack", "{freed}");
    let close = bobby.closed().await?;
    ensure!(close == 4002, "closed with {close}");
    ensure!(
        bobby.log.iter().any(|m| m["event"]["type"] == "player_left"
            && m["event"]["player"] == bobby_id
            && m["event"]["by"] == "p1"),
        "Bobby's page is told before the close"
    );
    let mut back = Client::connect(&server.url).await?;
    let gone = back
        .request(json!({"type": "resume", "token": token, "last_seq": 0}))
        .await?;
    ensure!(gone["code"] == "left_session", "{gone}");

    // The new machine takes the seat, under the same name.
    let welcome = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby", "seat": "attorney_general"}))
        .await?;
    ensure!(welcome["type"] == "welcome", "{welcome}");
    let new_id = welcome["player"].clone();
    ensure!(holder(&welcome["view"], "attorney_general") == &new_id);

    // Moves and removals, each an event saying who did it.
    let moved = umpire
        .command(json!({"type": "move_player", "player": new_id, "seat": "secretary_of_state"}))
        .await?;
    ensure!(moved["type"] == "ack", "{moved}");
    let e = umpire.event_where(|e| e["type"] == "player_moved").await?;
    ensure!(e["event"]["by"] == "p1" && e["event"]["seat"] == "secretary_of_state");
    let (mut nikita, _) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    let left = nikita.command(json!({"type": "leave_seat"})).await?;
    ensure!(
        left["type"] == "ack",
        "the leaver's own command is answered: {left}"
    );
    ensure!(nikita.closed().await? == 4002);
    let removed = umpire
        .command(json!({"type": "remove_player", "player": new_id}))
        .await?;
    ensure!(removed["type"] == "ack", "{removed}");
    ensure!(other.closed().await? == 4002);
    let (_, fresh) = Client::join(&server.url, &s.observer, "Class", None).await?;
    let players = fresh["view"]["players"].as_array().context("players")?;
    let former = players.iter().filter(|p| p["former"] == true).count();
    ensure!(
        former == 3,
        "Bobby twice and Nikita are on the record: {players:?}"
    );
    ensure!(holder(&fresh["view"], "secretary_of_state").is_null());
    Ok(())
}
