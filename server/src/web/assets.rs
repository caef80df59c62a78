//! The web client's files, compiled into the binary from `web/` at the
//! repository's root, each with its content type and an ETag (a hash of
//! its bytes, computed once). Only the files listed here are served; a test
//! checks that every file the page needs is listed.

use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// One served file.
#[derive(Debug)]
pub struct Asset {
    /// Its path in the URL.
    pub path: &'static str,
    /// Its `Content-Type`.
    pub mime: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

macro_rules! assets {
    ($($path:literal => $file:literal, $mime:literal;)*) => {
        /// Every served file.
        pub static ASSETS: &[Asset] = &[$(Asset {
            path: $path,
            mime: $mime,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/", $file)),
        }),*];
    };
}

assets! {
    "/" => "index.html", "text/html; charset=utf-8";
    "/app.css" => "app.css", "text/css; charset=utf-8";
    "/icon.svg" => "icon.svg", "image/svg+xml";
    "/app.js" => "app.js", "text/javascript; charset=utf-8";
    "/lib/fold.js" => "lib/fold.js", "text/javascript; charset=utf-8";
    "/lib/link.js" => "lib/link.js", "text/javascript; charset=utf-8";
    "/lib/names.js" => "lib/names.js", "text/javascript; charset=utf-8";
    "/lib/join.js" => "lib/join.js", "text/javascript; charset=utf-8";
    "/lib/room.js" => "lib/room.js", "text/javascript; charset=utf-8";
    "/lib/orders.js" => "lib/orders.js", "text/javascript; charset=utf-8";
    "/lib/map.js" => "lib/map.js", "text/javascript; charset=utf-8";
    "/lib/notify.js" => "lib/notify.js", "text/javascript; charset=utf-8";
    "/ui/orders.js" => "ui/orders.js", "text/javascript; charset=utf-8";
    "/ui/letters.js" => "ui/letters.js", "text/javascript; charset=utf-8";
    "/ui/situation.js" => "ui/situation.js", "text/javascript; charset=utf-8";
    "/ui/projector.js" => "ui/projector.js", "text/javascript; charset=utf-8";
    "/ui/admin.js" => "ui/admin.js", "text/javascript; charset=utf-8";
    "/ui/qr.js" => "ui/qr.js", "text/javascript; charset=utf-8";
    "/ui/console.js" => "ui/console.js", "text/javascript; charset=utf-8";
    "/ui/adjudicate.js" => "ui/adjudicate.js", "text/javascript; charset=utf-8";
    "/ui/comms.js" => "ui/comms.js", "text/javascript; charset=utf-8";
    "/ui/glimpse.js" => "ui/glimpse.js", "text/javascript; charset=utf-8";
    "/ui/viewas.js" => "ui/viewas.js", "text/javascript; charset=utf-8";
    "/ui/review.js" => "ui/review.js", "text/javascript; charset=utf-8";
    "/report.css" => "../server/src/review/report/report.css", "text/css; charset=utf-8";
    "/vendor/preact.mjs" => "vendor/preact.mjs", "text/javascript; charset=utf-8";
    "/vendor/hooks.mjs" => "vendor/hooks.mjs", "text/javascript; charset=utf-8";
    "/vendor/htm.mjs" => "vendor/htm.mjs", "text/javascript; charset=utf-8";
    "/vendor/html.mjs" => "vendor/html.mjs", "text/javascript; charset=utf-8";
    "/vendor/uqr.mjs" => "vendor/uqr.mjs", "text/javascript; charset=utf-8";
}

/// Each asset's ETag, in the order of [`ASSETS`].
static ETAGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let hash = Sha256::digest(a.bytes);
            let hex: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
            format!("\"{hex}\"")
        })
        .collect()
});

/// The asset at `path`.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

impl Asset {
    /// Its ETag, quoted.
    pub fn etag(&'static self) -> String {
        ASSETS
            .iter()
            .position(|a| std::ptr::eq(a, self))
            .and_then(|i| ETAGS.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every module the page imports, and every file it links, is served:
    /// a file added to `web/` and not listed here would be a 404 in the
    /// browser.
    #[test]
    fn every_import_and_link_is_served() {
        for asset in ASSETS.iter().filter(|a| a.mime.starts_with("text/")) {
            let text = std::str::from_utf8(asset.bytes).expect("text");
            let base = asset.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            for target in references(text) {
                let path = resolve(base, &target);
                assert!(
                    find(&path).is_some(),
                    "{} refers to {target} ({path}), which is not served",
                    asset.path
                );
            }
        }
    }

    /// The relative URLs in `text`: `from './x.js'`, `import './x.js'`,
    /// `src="/x"`, `href="/x"`.
    fn references(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for marker in [
            "from\"", "from '", "from \"", "import '", "src=\"", "href=\"",
        ] {
            for (i, _) in text.match_indices(marker) {
                let rest = &text[i + marker.len()..];
                let end = rest.find(['"', '\'']).unwrap_or(0);
                let target = &rest[..end];
                if target.starts_with('.') || target.starts_with('/') {
                    out.push(target.to_owned());
                }
            }
        }
        out
    }

    fn resolve(base: &str, target: &str) -> String {
        if target.starts_with('/') {
            return target.to_owned();
        }
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in target.split('/') {
            match part {
                "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        format!("/{}", parts.join("/"))
    }
}
