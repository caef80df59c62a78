//! Names, never ids, where a person reads: over the randomised games of
//! `games/mod.rs` (ships at the line, letters with terms, strategic actions,
//! rulings, incidents, bookmarks, seats left and taken again), the
//! after-action report (HTML and Markdown) and the CSV timeline of every
//! perspective show none of the 1962 scenario's ids that differ from their
//! names (`quarantine_line`, `missiles_operational`, `u2_overflight`, `us`,
//! …: `brink_engine::names::ids_shown`), while the JSON Lines export keeps
//! them, as the protocol does.

mod games;

use brink_engine::Viewer;
use brink_engine::names::ids_shown;
use brink_protocol::{ExportFormat, ReportFormat, ServerMsg};
use brink_server::review::{Request, answer};
use games::{Op, game, play_ops};
use proptest::prelude::*;

/// The document `request` asks for, as the umpire, joined from its parts.
fn document(table: &games::Table, request: &Request) -> String {
    let parts = answer("s", "r", &table.game, &table.log, &Viewer::Umpire, request)
        .unwrap_or_else(|r| panic!("{request:?} refused: {r}"));
    parts
        .into_iter()
        .map(|p| match p {
            ServerMsg::Document { text, .. } => text,
            other => panic!("not a document: {other:?}"),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_report_and_the_timeline_name_what_they_show(
        ops in game(),
        seed in any::<u64>(),
    ) {
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let table = play_ops(&ops, seed, &|n| format!("text {n}"), &|_| {}, &mut games::Nothing);
        let scenario = table.game.scenario();
        let mut read = vec![
            ("the HTML report", document(&table, &Request::Report { format: ReportFormat::Html })),
            ("the Markdown report", document(&table, &Request::Report { format: ReportFormat::Md })),
        ];
        for perspective in ["umpire", "us", "ussr", "observer"] {
            let export = Request::Export {
                format: ExportFormat::Csv,
                perspective: Some(games::viewer(perspective)),
            };
            read.push(("a CSV timeline", document(&table, &export)));
        }
        for (what, text) in &read {
            for line in text.lines() {
                let shown = ids_shown(scenario, line);
                prop_assert!(shown.is_empty(), "{what} shows {shown:?}: {line}");
            }
        }
        // The machine's export keeps the protocol's ids.
        let jsonl = document(&table, &Request::Export { format: ExportFormat::Jsonl, perspective: None });
        prop_assert!(jsonl.contains("\"side\":\"us\""), "{jsonl}");
    }
}
