//! End-to-end: a three-turn game of the Cuban Missile Crisis over real
//! WebSockets with the real binaries — the umpire, two members a side and an
//! observer. Both sides draft at once; a secret letter with terms; a public
//! letter that contradicts it; a free-form action ruled by a roll; a letter
//! by the back channel; an acceptance of the first letter, publicised; an
//! agreement that ends the game. After every step all six connections are
//! brought level (a public barrier message), and what each has received is
//! checked against what its role may see at that moment.

use anyhow::Result;
use brink_tests::Client;
use brink_tests::table::Table;
use serde_json::{Value, json};

const UMPIRE: usize = 0;
const JFK: usize = 1;
const RFK: usize = 2;
const NIKITA: usize = 3;
const DOBRYNIN: usize = 4;
const CLASS: usize = 5;

fn add(order: Value) -> Value {
    json!({"type": "add_order", "order": order})
}

const OFFER: &str = "SECRET-OFFER: if you pledge not to invade Cuba, our specialists there will no longer be needed";
const DEMAND: &str =
    "PUBLIC-DEMAND: we will remove our means from Cuba when you remove yours from Turkey";
const PLAN: &str = "US-ACTION: low-level reconnaissance flights over San Cristobal";
const OUTCOME: &str = "US-OUTCOME: the photographs show missiles on their launchers";
const BACK: &str =
    "US-BACKCHANNEL: the Jupiters will be gone within months, but not as part of any deal";
const DRAFT: &str = "US-DRAFT: an ultimatum, drafted and thrown away";

#[tokio::test]
async fn three_turns_from_a_secret_letter_to_an_agreement() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("turns").await?;
    let seats = vec![
        ("umpire", s.umpire.clone(), "Control", None),
        ("us", s.us.clone(), "Jack", Some("president")),
        ("us", s.us.clone(), "Bobby", Some("attorney_general")),
        ("ussr", s.ussr.clone(), "Nikita", Some("first_secretary")),
        ("ussr", s.ussr.clone(), "Anatoly", Some("ambassador")),
        ("observer", s.observer.clone(), "Class", None),
    ];
    let mut t = Table::join(&server, s, seats).await?;
    // The seed is the umpire's alone.
    t.allow("\"seed\"", &[]);
    for (text, viewers) in [
        (OFFER, &["ussr"][..]),
        (DEMAND, &["ussr"]),
        (PLAN, &["us"]),
        (OUTCOME, &[]),
        (BACK, &["us"]),
        (DRAFT, &["us"]),
    ] {
        t.allow(text, viewers);
    }
    t.ok(UMPIRE, json!({"type": "start_game"})).await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.sync().await?;

    // Turn 1. Both sides draft at once.
    let (us, ussr) = {
        let (a, b) = t.clients.split_at_mut(DOBRYNIN);
        tokio::join!(
            a[RFK].1.command(add(json!({"kind": "action", "what": PLAN, "why": "they fly under the SAMs", "expected": "close-up photographs"}))),
            b[0].1.command(add(json!({"kind": "letter", "channel": "embassy_cable", "to": "us", "text": OFFER, "terms": ["soviet_missiles_removed", "no_invasion_pledge"]}))),
        )
    };
    assert_eq!(
        (us?["type"].clone(), ussr?["type"].clone()),
        (json!("ack"), json!("ack"))
    );
    t.ok(
        JFK,
        add(json!({"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": DRAFT})),
    )
    .await?;
    t.ok(JFK, json!({"type": "remove_order", "item": 2}))
        .await?;
    assert_eq!(
        t.refused(RFK, json!({"type": "submit_orders"})).await?,
        "forbidden"
    );
    assert_eq!(
        t.refused(UMPIRE, json!({"type": "advance"})).await?,
        "orders_missing"
    );
    t.ok(JFK, json!({"type": "submit_orders"})).await?;
    t.ok(NIKITA, json!({"type": "submit_orders"})).await?;
    t.sync().await?;
    // Each side saw its own draft change live, from the other member.
    assert!(t.drafted(JFK, "p3"), "Jack saw Bobby's draft");
    assert!(t.drafted(NIKITA, "p5"), "Nikita saw Anatoly's draft");
    assert!(t.has(JFK, PLAN) && t.has(DOBRYNIN, OFFER));
    assert!(t.last(DOBRYNIN, "orders_submitted").is_some());
    assert!(t.last(JFK, "orders_submitted").is_some());

    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.sync().await?;
    let pending = t.last(UMPIRE, "adjudication_pending").expect("pending");
    let action = pending["actions"][0]["id"]
        .as_str()
        .expect("action id")
        .to_owned();
    let offer_id = pending["letters"][0]["id"]
        .as_str()
        .expect("letter id")
        .to_owned();
    assert_eq!(
        t.refused(UMPIRE, json!({"type": "publish"})).await?,
        "not_ruled"
    );
    t.ok(UMPIRE, json!({"type": "rule_action", "action": action, "ruling": {"kind": "roll", "difficulty": 7}})).await?;
    t.ok(UMPIRE, json!({"type": "write_outcome", "action": action, "text": OUTCOME, "to": {"sides": ["us", "ussr"]}})).await?;
    t.ok(UMPIRE, json!({"type": "note", "text": "UMPIRE-NOTE: the US nearly chose the air strike", "bookmark": true})).await?;
    // Tracks: risk is the umpire's alone (everyone sees its band), Kennedy's
    // prestige the US's, DEFCON everyone's.
    for (track, by, reason) in [
        ("risk", 20, "RISK-REASON"),
        ("kennedy_prestige", 5, "PRESTIGE-REASON"),
        ("defcon", -2, "DEFCON-REASON"),
    ] {
        t.ok(
            UMPIRE,
            json!({"type": "adjust_track", "track": track, "by": by, "reason": reason}),
        )
        .await?;
        t.allow(reason, &[]);
    }
    t.allow("UMPIRE-NOTE", &[]);
    t.sync().await?;
    t.ok(UMPIRE, json!({"type": "publish"})).await?;
    t.allow(OFFER, &["us"]);
    t.allow(OUTCOME, &["us", "ussr"]);
    t.allow("PRESTIGE-REASON", &["us"]);
    t.allow("DEFCON-REASON", &["us", "ussr", "observer"]);
    t.sync().await?;
    for i in [JFK, NIKITA, CLASS] {
        let band = t.last(i, "track_band").expect("a band change");
        assert_eq!(
            (band["track"].clone(), band["band"].clone()),
            (json!("risk"), json!("elevated"))
        );
    }
    let moved = |t: &Table, i: usize| -> Vec<Value> {
        t.clients[i]
            .1
            .log
            .iter()
            .filter(|m| m["event"]["type"] == "track_moved")
            .map(|m| m["event"]["track"].clone())
            .collect()
    };
    // The missile sites' work goes on by itself: the USSR's to know.
    assert_eq!(
        moved(&t, UMPIRE),
        [
            json!("risk"),
            json!("defcon"),
            json!("kennedy_prestige"),
            json!("missiles_operational")
        ]
    );
    assert_eq!(moved(&t, RFK), [json!("defcon"), json!("kennedy_prestige")]);
    assert_eq!(
        moved(&t, DOBRYNIN),
        [json!("defcon"), json!("missiles_operational")]
    );
    assert_eq!(moved(&t, CLASS), [json!("defcon")]);
    assert_eq!(
        t.refused(UMPIRE, json!({"type": "publish"})).await?,
        "already_published"
    );
    let roll = t.last(UMPIRE, "action_ruled").expect("ruled")["roll"].clone();
    assert!(
        roll["total"]
            .as_u64()
            .is_some_and(|n| (2..=12).contains(&n)),
        "{roll}"
    );
    for i in [JFK, NIKITA] {
        let resolved = t.last(i, "action_resolved").expect("outcome");
        assert_eq!(
            resolved["outcome"]["roll"], roll,
            "everyone told sees the same dice"
        );
    }
    assert!(t.last(CLASS, "action_resolved").is_none());
    assert_eq!(
        t.last(RFK, "letter_delivered").expect("offer")["letter"]["id"],
        json!(offer_id)
    );

    // Turn 2. A public letter contradicts the secret one; the US answers by
    // the back channel.
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(DOBRYNIN, add(json!({"kind": "letter", "channel": "public_statement", "to": "us", "text": DEMAND, "terms": ["soviet_missiles_removed", "jupiters_removed_public"]}))).await?;
    t.ok(RFK, add(json!({"kind": "letter", "channel": "back_channel", "to": "ussr", "text": BACK, "terms": ["jupiters_removed_secret"]}))).await?;
    assert_eq!(
        t.refused(RFK, add(json!({"kind": "accept", "letter": "LNONE"})))
            .await?,
        "unknown_letter"
    );
    assert_eq!(
        t.refused(NIKITA, add(json!({"kind": "accept", "letter": offer_id})))
            .await?,
        "own_proposal"
    );
    assert_eq!(t.refused(RFK, add(json!({"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": "x", "terms": ["cuba_annexed"]}))).await?, "unknown_term");
    t.ok(NIKITA, json!({"type": "submit_orders"})).await?;
    t.ok(JFK, json!({"type": "submit_orders"})).await?;
    t.sync().await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(UMPIRE, json!({"type": "publish"})).await?;
    t.allow(DEMAND, &["us", "observer"]);
    t.allow(BACK, &["ussr"]);
    t.sync().await?;
    assert!(
        t.has(CLASS, DEMAND),
        "a public letter reaches the observers"
    );

    // Turn 3. The US accepts the first letter and makes it public.
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(RFK, add(json!({"kind": "accept", "letter": offer_id})))
        .await?;
    t.ok(RFK, add(json!({"kind": "publicise", "letter": offer_id})))
        .await?;
    t.ok(JFK, json!({"type": "submit_orders"})).await?;
    t.ok(NIKITA, json!({"type": "submit_orders"})).await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.sync().await?;
    let agreement =
        t.last(UMPIRE, "adjudication_pending").expect("pending")["adjudication"]["agreement"]
            .clone();
    assert_eq!(agreement["letter"], json!(offer_id));
    t.ok(
        UMPIRE,
        json!({"type": "confirm_agreement", "confirmed": true}),
    )
    .await?;
    t.ok(UMPIRE, json!({"type": "publish"})).await?;
    t.allow(OFFER, &["observer"]);
    t.sync().await?;
    for i in 0..t.clients.len() {
        let ended = t.last(i, "game_ended").expect("the game ended");
        assert!(
            ended["verdict"]
                .as_str()
                .is_some_and(|v| v.contains("agreement")),
            "{ended}"
        );
        assert!(t.last(i, "agreement_reached").is_some());
    }
    assert!(
        t.has(CLASS, OFFER),
        "publicised: the observers read the secret letter now"
    );
    assert!(
        t.last(CLASS, "proposal_accepted").is_none(),
        "the acceptance itself is the two sides'"
    );
    assert!(
        t.last(JFK, "proposal_accepted").is_some() && t.last(NIKITA, "proposal_accepted").is_some()
    );
    Ok(())
}

/// The engine is not tied to 1962: a session of the Berlin scenario, with other
/// sides, seats, tracks and menus, plays a turn over the same server.
#[tokio::test]
async fn berlin_1961_plays_on_the_same_engine() -> Result<()> {
    let data = brink_tests::temp_dir("berlin")?;
    let server = brink_tests::Server::start(data.path()).await?;
    let mut admin = Client::connect(&server.url).await?;
    let created = admin
        .request(json!({"type": "create_session", "admin_token": brink_tests::ADMIN, "scenario": "berlin-1961"}))
        .await?;
    let code = |role: &str| -> String {
        created["session"]["codes"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["role"] == role))
            .and_then(|c| c["code"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (mut umpire, _) = Client::join(&server.url, &code("umpire"), "Control", None).await?;
    let (mut clay, welcome) =
        Client::join(&server.url, &code("allies"), "Lucius", Some("commandant")).await?;
    assert_eq!(
        welcome["view"]["scenario"]["title"],
        "Checkpoint Charlie, October 1961"
    );
    let (mut konev, _) =
        Client::join(&server.url, &code("east"), "Ivan", Some("soviet_commander")).await?;
    let (mut class, _) = Client::join(&server.url, &code("observer"), "Class", None).await?;
    let ack = |v: Value| assert_eq!(v["type"], "ack", "{v}");
    ack(umpire.command(json!({"type": "start_game"})).await?);
    ack(umpire.command(json!({"type": "advance"})).await?);
    let order = |action: &str| json!({"type": "add_order", "order": {"kind": "strategic", "action": action}});
    assert_eq!(
        clay.command(order("pull_back")).await?["code"],
        "precondition_failed",
        "no tanks to pull back yet"
    );
    ack(clay.command(order("tanks_forward")).await?);
    ack(konev.command(order("soviet_tanks_forward")).await?);
    ack(clay.command(json!({"type": "submit_orders"})).await?);
    ack(konev.command(json!({"type": "submit_orders"})).await?);
    ack(umpire.command(json!({"type": "advance"})).await?);
    ack(umpire.command(json!({"type": "publish"})).await?);
    // Everyone sees the tanks; only the umpire sees the tension exactly.
    for c in [&mut clay, &mut konev, &mut class] {
        let tanks = c
            .event_where(|e| e["type"] == "track_moved" && e["track"] == "tanks_at_the_line")
            .await?;
        assert_eq!(tanks["event"]["to"], 20);
        // The band change came first (tension is the scenario's first track).
        let band = c
            .log
            .iter()
            .find(|m| m["event"]["type"] == "track_band" && m["event"]["track"] == "tension")
            .map(|m| m["event"]["band"].clone());
        assert_eq!(band, Some(json!("dangerous")));
    }
    let tension = umpire
        .event_where(|e| e["type"] == "track_moved" && e["track"] == "tension")
        .await?;
    assert_eq!(tension["event"]["to"], 60);
    for c in [&clay, &konev, &class] {
        assert!(
            !c.log
                .iter()
                .any(|m| m["event"]["type"] == "track_moved" && m["event"]["track"] == "tension"),
            "the exact tension is the umpire's"
        );
    }
    Ok(())
}
