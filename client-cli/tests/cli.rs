//! The `brink` binary's own errors: clear, and a non-zero exit.

use std::process::Command;

fn brink(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .env_remove("BRINK_ADMIN_TOKEN")
        .output()
        .expect("brink runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn admin_without_a_token_says_where_to_find_it() {
    let (ok, err) = brink(&["admin", "list-sessions"]);
    assert!(!ok);
    assert!(
        err.contains("--admin-token") && err.contains("BRINK_ADMIN_TOKEN"),
        "{err}"
    );
}

#[test]
fn no_server_says_so() {
    // Port 9 (discard) on loopback: nothing listens there in a test sandbox.
    let (ok, err) = brink(&[
        "--server",
        "ws://127.0.0.1:9",
        "join",
        "us-x",
        "--name",
        "A",
        "--seat",
        "president",
    ]);
    assert!(!ok);
    assert!(err.contains("cannot connect to ws://127.0.0.1:9"), "{err}");
}
