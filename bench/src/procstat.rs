//! What the kernel says a process costs: CPU seconds from `/proc/PID/stat`
//! (user + system, in clock ticks) and resident memory from
//! `/proc/PID/status` (`VmRSS`). The generator reads its own through `self`.
//! The machine's own time (`/proc/stat`): how much of it the hypervisor
//! stole and how much the CPUs sat waiting on the disk.

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

/// The machine's CPU time so far, from `/proc/stat`'s `cpu` line, in
/// seconds summed over all CPUs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Machine {
    /// Every state's time together.
    pub total_s: f64,
    /// Idle, waiting on the disk (`iowait`).
    pub iowait_s: f64,
    /// Taken by the hypervisor for other guests (`steal`).
    pub steal_s: f64,
}

impl Machine {
    /// Now; zeros where `/proc/stat` cannot be read (the shares come out NaN).
    pub fn now() -> Self {
        Self::from_stat(&std::fs::read_to_string("/proc/stat").unwrap_or_default())
    }

    /// From the text of `/proc/stat`.
    fn from_stat(text: &str) -> Self {
        let Some(line) = text.lines().find(|l| l.starts_with("cpu ")) else {
            return Self::default();
        };
        // user nice system idle iowait irq softirq steal guest guest_nice;
        // guest time is already counted in user.
        let ticks: Vec<f64> = line
            .split_whitespace()
            .skip(1)
            .take(8)
            .map(|v| v.parse().unwrap_or(0.0))
            .collect();
        let at = |i: usize| ticks.get(i).copied().unwrap_or(0.0) / TICKS_PER_S;
        Self {
            total_s: (0..8).map(at).sum(),
            iowait_s: at(4),
            steal_s: at(7),
        }
    }

    /// The shares of the machine's time from `self` to `later` that were
    /// stolen and spent waiting on the disk, as (steal, iowait) fractions.
    pub fn shares_until(self, later: Self) -> (f64, f64) {
        let total = later.total_s - self.total_s;
        if total <= 0.0 {
            return (f64::NAN, f64::NAN);
        }
        (
            (later.steal_s - self.steal_s) / total,
            (later.iowait_s - self.iowait_s) / total,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_steal_and_iowait_from_the_cpu_line() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        let at = |idle: u64, iowait: u64, steal: u64| {
            Machine::from_stat(&format!(
                "cpu  100 0 50 {idle} {iowait} 0 0 {steal} 30 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n"
            ))
        };
        let (steal, iowait) = at(700, 50, 100).shares_until(at(1300, 250, 300));
        // 1,000 ticks passed: 600 idle, 200 waiting on the disk, 200 stolen.
        assert!((steal - 0.2).abs() < 1e-9, "{steal}");
        assert!((iowait - 0.2).abs() < 1e-9, "{iowait}");
        let (none, _) = Machine::from_stat("").shares_until(Machine::from_stat(""));
        assert!(none.is_nan());
    }
}
