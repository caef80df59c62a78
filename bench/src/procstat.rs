//! What the kernel says a process costs: CPU seconds from `/proc/PID/stat`
//! (user + system, in clock ticks) and resident memory from
//! `/proc/PID/status` (`VmRSS`). The generator reads its own through `self`.

use anyhow::{Context, Result};

/// Clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`; 100 on
/// every Linux this runs on).
const TICKS_PER_S: f64 = 100.0;

/// A process to watch: a pid, or the generator itself.
#[derive(Debug, Clone, Copy)]
pub enum Proc {
    /// This process.
    Me,
    /// Another process.
    Pid(u32),
}

impl Proc {
    fn dir(self) -> String {
        match self {
            Proc::Me => "/proc/self".into(),
            Proc::Pid(pid) => format!("/proc/{pid}"),
        }
    }

    /// CPU seconds used so far, user and system, all threads.
    pub fn cpu_s(self) -> Result<f64> {
        let path = format!("{}/stat", self.dir());
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        // The command name (field 2) may hold spaces: count from after its ')'.
        let rest = text
            .rsplit_once(')')
            .map(|(_, r)| r)
            .with_context(|| format!("{path} has no command name"))?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // Fields 14 and 15 (utime, stime) are the 12th and 13th after ')'.
        let tick = |i: usize| -> Result<f64> {
            fields
                .get(i)
                .with_context(|| format!("{path} is too short"))?
                .parse::<f64>()
                .with_context(|| format!("{path}: field {i} is not a number"))
        };
        Ok((tick(11)? + tick(12)?) / TICKS_PER_S)
    }

    /// Resident memory now, in bytes.
    pub fn rss_bytes(self) -> Result<u64> {
        let path = format!("{}/status", self.dir());
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let line = text
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .with_context(|| format!("{path} has no VmRSS"))?;
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .with_context(|| format!("{path}: VmRSS has no value"))?
            .parse()
            .with_context(|| format!("{path}: VmRSS is not a number"))?;
        Ok(kb * 1024)
    }
}

/// The machine's load average over the last minute.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}
