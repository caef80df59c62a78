//! The wire's TypeScript types, for the web client: `web/types/wire.d.ts` is
//! generated from the protocol's and the engine's types (ts-rs, under the `ts`
//! feature), and `tsc` checks the page's code and every example of
//! `docs/protocol.md` against it. This test fails when the committed file is
//! not what the Rust types generate now; to rewrite it:
//!
//! ```text
//! BRINK_BLESS=1 cargo test -p brink-protocol --features ts --test wire_types
//! ```

use brink_protocol::{ClientMsg, ServerMsg};
use std::any::TypeId;
use std::collections::BTreeMap;
use ts_rs::{Config, TS, TypeVisitor};

/// Where the generated types go, from this crate's directory.
const FILE: &str = "../web/types/wire.d.ts";

/// The command that rewrites [`FILE`].
const BLESS: &str = "BRINK_BLESS=1 cargo test -p brink-protocol --features ts --test wire_types";

/// Every named type reachable from the roots, by its TypeScript name: the
/// Rust type it comes from and its declaration, with its doc comment.
struct Collect<'a> {
    cfg: &'a Config,
    decls: BTreeMap<String, (TypeId, String)>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only types with a declaration of their own (not strings, numbers,
        // arrays or options, which ts-rs writes inline).
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        if let Some((id, _)) = self.decls.get(&name) {
            assert_eq!(
                *id,
                TypeId::of::<T>(),
                "two Rust types are both called {name} in TypeScript: rename one with #[ts(rename = \"…\")]"
            );
            return;
        }
        let mut text = T::docs().unwrap_or_default();
        text.push_str("export ");
        text.push_str(&T::decl(self.cfg));
        self.decls.insert(name, (TypeId::of::<T>(), text));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// The file's text: a header, then every type reachable from the two
/// messages, sorted by name.
fn generate() -> String {
    // u64 fields (times in ms, sequence numbers, counters) are numbers in
    // JavaScript, as JSON.parse reads them: they stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let mut collect = Collect {
        cfg: &cfg,
        decls: BTreeMap::new(),
    };
    collect.visit::<ClientMsg>();
    collect.visit::<ServerMsg>();
    let mut out = format!(
        "// Brink's wire protocol (docs/protocol.md) as TypeScript types, generated\n\
         // from the Rust types of brink-protocol and brink-engine by ts-rs. Do not\n\
         // edit: change the Rust types, then run\n\
         //   {BLESS}\n\
         // For tsc only (web/tsconfig.json); the browser never loads it.\n"
    );
    for (_, text) in collect.decls.values() {
        out.push('\n');
        out.push_str(text);
        out.push('\n');
    }
    out
}

#[test]
fn web_wire_types_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let fresh = generate();
    if std::env::var_os("BRINK_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("writing {FILE}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "web/types/wire.d.ts is out of date with the Rust types (first difference at line {}:\n  \
             committed: {:?}\n  generated: {:?}).\nRefresh it with\n  {BLESS}\nand commit it.",
            line + 1,
            committed.lines().nth(line).unwrap_or("<end of file>"),
            fresh.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

/// Every enum on the wire that `brink_tagged::tag_first!` reads and writes
/// is declared internally tagged by that same field: serde's attributes on
/// such an enum say externally tagged (see brink-tagged), so each needs its
/// own `#[ts(tag = "…")]`, and one without it would be generated wrong.
#[test]
fn tag_first_enums_are_declared_internally_tagged() {
    let text = generate();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = 0;
    for dir in ["engine/src", "protocol/src"] {
        for source in rust_files(&root.join(dir)) {
            let code = std::fs::read_to_string(&source).expect("source");
            for call in code.split("tag_first!(").skip(1) {
                let Some((name, rest)) = call.split_once(',') else {
                    continue;
                };
                let tag = rest.split('"').nth(1).expect("a tag");
                let declared = format!("export type {} = ", name.trim());
                if !text.contains(&declared) {
                    continue; // not on the wire
                }
                assert!(
                    text.contains(&format!("{declared}{{ \"{tag}\": ")),
                    "{} is tag_first! by {tag:?} but not declared so: give it #[ts(tag = {tag:?})] ({})",
                    name.trim(),
                    source.display()
                );
                found += 1;
            }
        }
    }
    assert!(
        found >= 8,
        "only {found} tag_first! enums found on the wire"
    );
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}
