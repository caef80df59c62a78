//! A real browser for the tests: Debian's `chromium`, headless, driven over
//! the DevTools protocol by `chromiumoxide`. One browser per test binary;
//! each role gets a browser context of its own (its own storage, like a
//! separate machine), and every WebSocket frame a page receives is kept, so
//! a test can scan both the DOM and the wire for what must not be there.

use anyhow::{Context, Result, bail};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::{
    BrowserContextId, SetDownloadBehaviorBehavior, SetDownloadBehaviorParams,
};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::network::EventWebSocketFrameReceived;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::page::{Page, ScreenshotParams};
use futures_util::StreamExt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Notes, in every page before its own scripts run, what the Content
/// Security Policy blocked and every uncaught error.
const FAULTS: &str = "window.__faults = [];\
    document.addEventListener('securitypolicyviolation', e => window.__faults.push(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`));\
    window.addEventListener('error', e => window.__faults.push(`error: ${e.message}`));\
    window.addEventListener('unhandledrejection', e => window.__faults.push(`unhandled: ${e.reason}`));";

/// A phone's screen, in CSS pixels.
pub const PHONE: (i64, i64) = (390, 844);
/// A laptop's.
pub const LAPTOP: (i64, i64) = (1280, 800);
/// A projector's, for the wall.
pub const WALL: (i64, i64) = (1600, 900);

/// A running headless Chromium.
#[derive(Debug)]
pub struct Chrome {
    browser: Browser,
    _profile: tempfile::TempDir,
}

/// One role's page, and every WebSocket frame it has received.
#[derive(Debug)]
pub struct Tab {
    /// The page.
    pub page: Page,
    frames: Arc<Mutex<Vec<String>>>,
    context: BrowserContextId,
}

impl Chrome {
    /// Starts Chromium (the `chromium` on the PATH).
    pub async fn launch() -> Result<Self> {
        let profile = crate::temp_dir("chromium")?;
        let config = BrowserConfig::builder()
            .chrome_executable(which("chromium")?)
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(1280, 800)
            .viewport(None)
            .args([
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
            ])
            .build()
            .map_err(anyhow::Error::msg)?;
        let (browser, mut handler) = Browser::launch(config)
            .await
            .context("headless chromium did not start (install Debian's chromium package)")?;
        tokio::spawn(async move { while handler.next().await.is_some() {} });
        Ok(Self {
            browser,
            _profile: profile,
        })
    }

    /// A new page in a browser context of its own, `width`×`height`, which
    /// keeps every WebSocket frame it receives, opened at `url`.
    pub async fn tab(&self, url: &str, width: i64, height: i64) -> Result<Tab> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await?;
        let target = CreateTargetParams::builder()
            .url("about:blank")
            .browser_context_id(context.clone())
            .build()
            .map_err(anyhow::Error::msg)?;
        let page = self.browser.new_page(target).await?;
        let tab = Tab {
            page,
            frames: Arc::default(),
            context,
        };
        tab.size(width, height).await?;
        let mut frames = tab
            .page
            .event_listener::<EventWebSocketFrameReceived>()
            .await?;
        let kept = tab.frames.clone();
        tokio::spawn(async move {
            while let Some(frame) = frames.next().await {
                if let Ok(mut all) = kept.lock() {
                    all.push(frame.response.payload_data.clone());
                }
            }
        });
        tab.page.evaluate_on_new_document(FAULTS).await?;
        tab.page.goto(url).await?;
        Ok(tab)
    }
}

impl Tab {
    /// Sets the viewport (a phone is 390×844).
    pub async fn size(&self, width: i64, height: i64) -> Result<()> {
        let mobile = width < 600;
        self.page
            .execute(SetDeviceMetricsOverrideParams::new(
                width, height, 1.0, mobile,
            ))
            .await?;
        Ok(())
    }

    /// Runs `js` in the page and returns its value.
    pub async fn eval<T: serde::de::DeserializeOwned>(&self, js: &str) -> Result<T> {
        let value = self.page.evaluate(js).await?;
        value
            .into_value()
            .with_context(|| format!("the value of {js}"))
    }

    /// The text a person sees on the page.
    pub async fn text(&self) -> Result<String> {
        self.eval("document.body.innerText").await
    }

    /// The whole DOM, as HTML.
    pub async fn dom(&self) -> Result<String> {
        self.eval("document.documentElement.outerHTML").await
    }

    /// Every WebSocket frame received so far, joined.
    pub fn frames(&self) -> String {
        self.frames.lock().map(|f| f.join("\n")).unwrap_or_default()
    }

    /// Waits until `js` is true in the page.
    pub async fn until(&self, js: &str, what: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            if self.eval::<bool>(js).await.unwrap_or(false) {
                return Ok(());
            }
            if start.elapsed() > crate::PATIENCE {
                let text = self.text().await.unwrap_or_default();
                bail!("waited in vain for {what}; the page says:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's text holds `needle`.
    pub async fn shows(&self, needle: &str) -> Result<()> {
        let js = format!(
            "document.body.innerText.includes({})",
            serde_json::to_string(needle)?
        );
        self.until(&js, &format!("{needle:?} on the page")).await
    }

    /// Types `text` into the field `selector`, as a person would.
    pub async fn type_into(&self, selector: &str, text: &str) -> Result<()> {
        self.click(selector).await?;
        self.page
            .find_element(selector)
            .await?
            .type_str(text)
            .await?;
        Ok(())
    }

    /// Fails if the page hit its Content Security Policy or an uncaught
    /// error since it was loaded.
    pub async fn faultless(&self, who: &str) -> Result<()> {
        let faults: Vec<String> = self.eval("window.__faults || []").await?;
        if !faults.is_empty() {
            bail!("{who}'s page: {faults:?}");
        }
        Ok(())
    }

    /// Clicks the enabled button whose text contains `label`, once there is
    /// one.
    pub async fn press(&self, label: &str) -> Result<()> {
        let find = format!(
            "[...document.querySelectorAll('button')].find(b => !b.disabled && b.innerText.includes({}))",
            serde_json::to_string(label)?
        );
        self.until(&format!("!!{find}"), &format!("a {label:?} button"))
            .await?;
        let _: bool = self.eval(&format!("({find}).click(), true")).await?;
        Ok(())
    }

    /// Opens the room's section `name` (a tab), when the screen shows it as
    /// a tab rather than beside the others.
    pub async fn open(&self, name: &str) -> Result<()> {
        let tab = format!("document.querySelector('#tab-{name}')");
        let _: bool = self
            .eval(&format!("!!({tab} && ({tab}.click(), true))"))
            .await?;
        Ok(())
    }

    /// Chooses `value` in the select `selector`, as a person would.
    pub async fn choose(&self, selector: &str, value: &str) -> Result<()> {
        let js = format!(
            "(() => {{ const s = document.querySelector({}); s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return s.value; }})()",
            serde_json::to_string(selector)?,
            serde_json::to_string(value)?
        );
        let chosen: String = self.eval(&js).await?;
        anyhow::ensure!(chosen == value, "{selector} has no option {value:?}");
        Ok(())
    }

    /// Clicks the element `selector`, once there is one: found again if the
    /// page drew it anew between finding and clicking (as a person's click
    /// lands on whatever is there).
    pub async fn click(&self, selector: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            let clicked = match self.page.find_element(selector).await {
                Ok(element) => element.click().await.map(|_| ()),
                Err(e) => Err(e),
            };
            match clicked {
                Ok(()) => return Ok(()),
                Err(e) if start.elapsed() > crate::PATIENCE => {
                    return Err(e).with_context(|| format!("clicking {selector}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Fails if the DOM or any frame received holds one of `secrets`.
    pub async fn holds_none(&self, secrets: &[String], who: &str) -> Result<()> {
        let (dom, frames) = (self.dom().await?, self.frames());
        for secret in secrets {
            if dom.contains(secret.as_str()) {
                bail!("{who}'s page shows {secret:?}");
            }
            if frames.contains(secret.as_str()) {
                bail!("{who}'s connection received {secret:?}");
            }
        }
        Ok(())
    }

    /// Joins through the page's join screen as `name` (in `seat`, for a
    /// side) and waits for the room.
    pub async fn join(&self, name: &str, seat: Option<&str>) -> Result<()> {
        self.until("!!document.querySelector('#name')", "the join screen")
            .await?;
        self.type_into("#name", name).await?;
        if let Some(seat) = seat {
            self.click(&format!("input[value='{seat}']")).await?;
        }
        self.click("button[type=submit]").await?;
        self.until("!!document.querySelector('.room')", "the room")
            .await
    }

    /// Sends a chat line to the team from the room's form.
    pub async fn say(&self, text: &str) -> Result<()> {
        self.open("talk").await?;
        self.type_into("#say", text).await?;
        self.click(".chat button[type=submit]").await
    }

    /// Fails if a control on the page has no name a screen reader can say
    /// (a label, an `aria-label`, or its own text).
    pub async fn named(&self, what: &str) -> Result<()> {
        let unnamed: Vec<String> = self
            .eval(
                "[...document.querySelectorAll('input, select, textarea, button')]\
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())\
                 .map(e => e.outerHTML.slice(0, 80))",
            )
            .await?;
        if !unnamed.is_empty() {
            bail!("{what}: controls without a name: {unnamed:?}");
        }
        Ok(())
    }

    /// Lets the page's downloads land in `dir`, under their own names.
    pub async fn downloads_to(&self, dir: &std::path::Path) -> Result<()> {
        let params = SetDownloadBehaviorParams::builder()
            .behavior(SetDownloadBehaviorBehavior::Allow)
            .browser_context_id(self.context.clone())
            .download_path(dir.to_string_lossy())
            .build()
            .map_err(anyhow::Error::msg)?;
        self.page.execute(params).await?;
        Ok(())
    }

    /// Waits until a file whose name holds `name_part` has been downloaded
    /// into `dir`, and returns its text.
    pub async fn downloaded(&self, dir: &std::path::Path, name_part: &str) -> Result<String> {
        let start = Instant::now();
        loop {
            let found = std::fs::read_dir(dir)?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.contains(name_part) && !n.ends_with(".crdownload"))
                });
            if let Some(path) = found {
                return Ok(std::fs::read_to_string(path)?);
            }
            if start.elapsed() > crate::PATIENCE {
                bail!("no download named like {name_part:?} in {}", dir.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A PNG of the page as it is now, saved at `path`.
    pub async fn screenshot(&self, path: &std::path::Path) -> Result<()> {
        let _: bool = self
            .eval("document.activeElement?.blur?.(), scrollTo(0, 0), true")
            .await?;
        let png = self
            .page
            .screenshot(ScreenshotParams::builder().build())
            .await?;
        std::fs::write(path, png)?;
        Ok(())
    }
}

/// The full path of `program` on the PATH.
fn which(program: &str) -> Result<std::path::PathBuf> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .with_context(|| format!("{program} is not installed: `apt-get install -y chromium`"))
}
