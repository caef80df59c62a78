//! The server's work counters over the network (`server_stats`, and `brink
//! admin stats`): an event is serialized once per view that may see it, and
//! delivered once per connection following that view.

use anyhow::Result;
use brink_tests::{ADMIN, Client, Server, bin, temp_dir};
use serde_json::{Value, json};

/// The counters, as an admin reads them.
async fn stats(admin: &mut Client) -> Result<Value> {
    let answer = admin
        .request(json!({"type": "server_stats", "admin_token": ADMIN}))
        .await?;
    assert_eq!(answer["type"], "server_stats", "{answer}");
    Ok(answer["counters"].clone())
}

/// Waits until each of `clients` has the event whose text is `text`.
async fn all_see(clients: Vec<&mut Client>, text: &str) -> Result<()> {
    for c in clients {
        c.event_where(|e| e["text"] == text).await?;
    }
    Ok(())
}

/// Closes `who`, then resumes its seat after `last_seq` once `witness` has
/// seen it go; returns the new connection and its welcome once `witness`
/// has seen it back, and the counters then.
async fn away_and_back(
    url: &str,
    mut who: Client,
    token: &str,
    last_seq: u64,
    witness: &mut Client,
    admin: &mut Client,
) -> Result<(Client, Value, Value)> {
    who.close().await;
    witness
        .event_where(|e| e["type"] == "presence_changed" && e["online"] == false)
        .await?;
    let mut back = Client::connect(url).await?;
    let welcome = back
        .request(json!({"type": "resume", "token": token, "last_seq": last_seq}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    witness
        .event_where(|e| e["type"] == "presence_changed" && e["online"] == true)
        .await?;
    Ok((back, welcome, stats(admin).await?))
}

/// How much counter `name` grew from `before` to `after`.
fn grew(before: &Value, after: &Value, name: &str) -> i64 {
    after[name].as_i64().unwrap_or(-1) - before[name].as_i64().unwrap_or(0)
}

#[tokio::test]
async fn each_event_is_serialized_once_per_view_and_delivered_once_per_connection() -> Result<()> {
    let data = temp_dir("counters")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let url = &server.url;
    let (mut umpire, _) = Client::join(url, &s.umpire, "Control", None).await?;
    let mut us = Vec::new();
    for (name, seat) in [
        ("Jack", "president"),
        ("Bobby", "attorney_general"),
        ("Dean", "secretary_of_state"),
    ] {
        us.push(Client::join(url, &s.us, name, Some(seat)).await?);
    }
    let dean_token = us[2].1["resume_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut us: Vec<Client> = us.into_iter().map(|(c, _)| c).collect();
    let (mut nikita, _) = Client::join(url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    let mut observers = Vec::new();
    for name in ["Press", "Class"] {
        observers.push(Client::join(url, &s.observer, name, None).await?.0);
    }
    let mut admin = Client::connect(url).await?;
    let quiet = std::time::Duration::from_millis(200);
    for c in us.iter_mut().chain(observers.iter_mut()) {
        c.settle(quiet).await?;
    }
    umpire.settle(quiet).await?;
    nikita.settle(quiet).await?;

    // The session's creator has gone by now, or soon will be.
    let mut start = stats(&mut admin).await?;
    for _ in 0..50 {
        if start["connections"] == 8 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        start = stats(&mut admin).await?;
    }
    assert_eq!(start["connections"], 8, "{start}");

    // Team chat: the US side's three members and the umpire see it; two
    // views, four connections.
    let ack = us[0]
        .command(json!({"type": "team_chat", "text": "Quarantine, not blockade."}))
        .await?;
    assert_eq!(ack["type"], "ack", "{ack}");
    all_see(
        us.iter_mut().chain([&mut umpire]).collect(),
        "Quarantine, not blockade.",
    )
    .await?;
    let chat = stats(&mut admin).await?;
    assert_eq!(grew(&start, &chat, "commands"), 1, "{chat}");
    assert_eq!(grew(&start, &chat, "events"), 1, "{chat}");
    assert_eq!(grew(&start, &chat, "encodings"), 2, "{chat}");
    assert_eq!(grew(&start, &chat, "deliveries"), 4, "{chat}");

    // To everyone: four views (umpire, each side, observers) for seven
    // connections.
    let ack = umpire
        .command(json!({"type": "umpire_message", "to": "all", "text": "The ExComm convenes."}))
        .await?;
    assert_eq!(ack["type"], "ack", "{ack}");
    all_see(
        us.iter_mut()
            .chain(observers.iter_mut())
            .chain([&mut umpire, &mut nikita])
            .collect(),
        "The ExComm convenes.",
    )
    .await?;
    let all = stats(&mut admin).await?;
    assert_eq!(grew(&chat, &all, "commands"), 1, "{all}");
    assert_eq!(grew(&chat, &all, "events"), 1, "{all}");
    assert_eq!(grew(&chat, &all, "encodings"), 4, "{all}");
    assert_eq!(grew(&chat, &all, "deliveries"), 7, "{all}");
    assert!(
        all.get("allocations").is_none(),
        "counted only when built to"
    );

    // A resuming connection's catch-up is serialized for it alone: the same
    // absence twice, caught up once from its latest seq and once from the
    // start, differs by exactly the events caught up on.
    let dean = us.pop().expect("three US members");
    let latest = dean
        .log
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .max()
        .unwrap_or(0);
    let (dean, near, after_near) =
        away_and_back(url, dean, &dean_token, latest, &mut us[0], &mut admin).await?;
    let (_dean, far, after_far) =
        away_and_back(url, dean, &dean_token, 0, &mut us[0], &mut admin).await?;
    let missed = far["missed"].as_i64().unwrap_or(0) - near["missed"].as_i64().unwrap_or(0);
    assert!(missed > 5, "{near} {far}");
    for counter in ["encodings", "deliveries"] {
        let near_cost = grew(&all, &after_near, counter);
        let far_cost = grew(&after_near, &after_far, counter);
        assert_eq!(
            far_cost - near_cost,
            missed,
            "{counter}: {all} {after_near} {after_far}"
        );
    }

    // Only the admin may read them.
    let refused = admin
        .request(json!({"type": "server_stats", "admin_token": "wrong"}))
        .await?;
    assert_eq!(refused["type"], "rejected", "{refused}");

    // And from the command line.
    let out = tokio::process::Command::new(bin("brink"))
        .args(["--server", url, "admin", "stats"])
        .env("BRINK_ADMIN_TOKEN", ADMIN)
        .output()
        .await?;
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("connections open     9"), "{printed}");
    assert!(printed.contains("events recorded      "), "{printed}");
    assert!(printed.contains("(one per view of an event)"), "{printed}");
    Ok(())
}
