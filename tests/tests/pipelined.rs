//! Commands sent without waiting for their answers (which the session takes a
//! batch at a time, in one write): each is applied once and answered in the
//! order sent, its events before its answer; one decided on what an earlier
//! one of the same batch changed is decided right; a retry within the batch
//! gets the first answer, an id reused for another command is refused; and
//! after a restart, every answered command is known again.

use anyhow::{Context, Result, ensure};
use brink_tests::{Client, Server, temp_dir};
use serde_json::{Value, json};

/// Sends every message of `msgs` at once, then reads until each has its
/// answer; returns everything read, in order.
async fn pipeline(client: &mut Client, msgs: &[Value]) -> Result<Vec<Value>> {
    for msg in msgs {
        client.send(msg.clone()).await?;
    }
    let mut read = Vec::new();
    let mut answers = 0;
    while answers < msgs.len() {
        let v = client.recv().await?;
        if v["type"] != "event" {
            answers += 1;
        }
        read.push(v);
    }
    Ok(read)
}

fn chat(id: &str, text: &str) -> Value {
    json!({"type": "command", "id": id, "command": {"type": "team_chat", "text": text}})
}

#[tokio::test]
async fn pipelined_commands_are_applied_once_in_order_and_known_after_a_restart() -> Result<()> {
    let data = temp_dir("pipelined")?;
    let args = ["--messages-per-second", "0"];
    let mut server = Server::start_with(data.path(), &args).await?;
    let s = server.create_session().await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut jack, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"]
        .as_str()
        .context("a resume token")?
        .to_owned();

    // The second start is decided on the game the first one started.
    let start = |id: &str| json!({"type": "command", "id": id, "command": {"type": "start_game"}});
    let advance =
        json!({"type": "command", "id": "s3", "command": {"type": "advance", "force": true}});
    let read = pipeline(&mut umpire, &[start("s1"), start("s2"), advance]).await?;
    let answers: Vec<&Value> = read.iter().filter(|v| v["type"] != "event").collect();
    ensure!(
        answers[0]["type"] == "ack" && answers[0]["id"] == "s1",
        "{read:?}"
    );
    ensure!(
        answers[1]["type"] == "rejected" && answers[1]["id"] == "s2",
        "{read:?}"
    );

    // Fifty chats at once, with a retry of the 10th and the 20th's id used
    // again for another text.
    let mut msgs: Vec<Value> = (0..50)
        .map(|i| chat(&format!("c{i}"), &format!("line {i}")))
        .collect();
    msgs.insert(11, chat("c10", "line 10"));
    msgs.insert(22, chat("c20", "something else"));
    // And orders, each decided on what the one before did: a draft (its
    // side's first item), its removal, and the same removal again.
    msgs.push(json!({"type": "command", "id": "o1", "command": {"type": "add_order", "order": {"kind": "action", "what": "More U-2 flights.", "why": "", "expected": ""}}}));
    let remove = |id: &str| json!({"type": "command", "id": id, "command": {"type": "remove_order", "item": 1}});
    msgs.push(remove("o2"));
    msgs.push(remove("o3"));
    let read = pipeline(&mut jack, &msgs).await?;
    let mut said = Vec::new();
    let mut answered = Vec::new();
    for v in &read {
        if v["type"] == "event" {
            if v["event"]["type"] != "message_posted" {
                continue;
            }
            let text = v["event"]["text"].as_str().unwrap_or_default().to_owned();
            said.push(text);
        } else {
            let id = v["id"].as_str().unwrap_or_default().to_owned();
            // Its event came before its answer.
            if v["type"] == "ack" && id.starts_with('c') {
                let n: usize = id.trim_start_matches('c').parse()?;
                ensure!(
                    said.contains(&format!("line {n}")),
                    "{id} answered before its event"
                );
            }
            answered.push((
                id,
                v["type"].as_str().unwrap_or_default().to_owned(),
                v["code"].clone(),
            ));
        }
    }
    let expected: Vec<String> = (0..50).map(|i| format!("line {i}")).collect();
    ensure!(said == expected, "each chat once, in order: {said:?}");
    let ids: Vec<&str> = answered.iter().map(|(id, ..)| id.as_str()).collect();
    let sent: Vec<&str> = msgs.iter().filter_map(|m| m["id"].as_str()).collect();
    ensure!(ids == sent, "answers in the order sent: {ids:?}");
    ensure!(
        answered[11].1 == "ack",
        "the retry gets the first answer: {:?}",
        answered[11]
    );
    ensure!(
        answered[22].2 == "request_id_reused",
        "an id reused is refused: {:?}",
        answered[22]
    );
    let acks = answered.iter().filter(|(_, t, _)| t == "ack").count();
    ensure!(
        acks == 53,
        "50 chats, the retry, the draft and its removal acknowledged, not {acks}"
    );
    let last = &answered[answered.len() - 1];
    ensure!(
        last.0 == "o3" && last.1 == "rejected",
        "a draft after submitting: {last:?}"
    );

    // The umpire saw each once too.
    umpire.settle(std::time::Duration::from_millis(300)).await?;
    let seen = umpire
        .log
        .iter()
        .filter(|v| v["event"]["type"] == "message_posted")
        .count();
    ensure!(seen == 50, "the umpire saw {seen} chats");

    // After a restart the commands are known again: a retry is answered,
    // not applied.
    jack.close().await;
    umpire.close().await;
    server.terminate().await?;
    let server = Server::start_with(data.path(), &args).await?;
    let mut back = Client::connect(&server.url).await?;
    let welcome = back
        .request(json!({"type": "resume", "token": token, "last_seq": 0}))
        .await?;
    ensure!(welcome["type"] == "welcome", "{welcome}");
    let read = pipeline(&mut back, &[chat("c30", "line 30"), chat("c49", "line 49")]).await?;
    let at = welcome["seq"].as_u64().context("the welcome's seq")?;
    ensure!(
        read.iter()
            .filter(|v| v["type"] != "event")
            .all(|v| v["type"] == "ack"),
        "known again after the restart: {read:?}"
    );
    ensure!(
        !read.iter().any(|v| v["event"]["type"] == "message_posted"
            && v["seq"].as_u64().is_some_and(|seq| seq > at)),
        "and not applied again: {read:?}"
    );
    Ok(())
}
