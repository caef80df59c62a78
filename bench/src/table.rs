//! A scenario's table: one row per measure, Brink's and B0's values over
//! the repetitions, shown as median (min–max) and the ratio of medians.

use crate::server::Kind;
use crate::stats::Spread;
use std::fmt::Write;

/// One measure over the repetitions.
#[derive(Debug, Clone)]
pub struct Row {
    /// What it is, with its unit.
    pub name: String,
    /// Brink's values.
    pub brink: Vec<f64>,
    /// B0's values.
    pub b0: Vec<f64>,
}

/// A scenario's measures.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Its title.
    pub title: String,
    /// Its rows, in order of first mention.
    pub rows: Vec<Row>,
    /// Notes printed under it (flagged runs and the like).
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table.
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            ..Self::default()
        }
    }

    /// Adds one value of `name` for `kind`.
    pub fn add(&mut self, name: &str, kind: Kind, value: f64) {
        let at = match self.rows.iter().position(|r| r.name == name) {
            Some(at) => at,
            None => {
                self.rows.push(Row {
                    name: name.to_owned(),
                    brink: Vec::new(),
                    b0: Vec::new(),
                });
                self.rows.len() - 1
            }
        };
        match kind {
            Kind::Brink => self.rows[at].brink.push(value),
            Kind::B0 => self.rows[at].b0.push(value),
        }
    }

    /// The median of `name` for `kind`.
    pub fn median(&self, name: &str, kind: Kind) -> f64 {
        self.rows
            .iter()
            .find(|r| r.name == name)
            .map_or(f64::NAN, |r| {
                Spread::of(match kind {
                    Kind::Brink => &r.brink,
                    Kind::B0 => &r.b0,
                })
                .median
            })
    }

    /// The ratio of medians, Brink / B0.
    pub fn ratio(&self, name: &str) -> f64 {
        self.median(name, Kind::Brink) / self.median(name, Kind::B0)
    }

    /// The table in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "### {}\n\n| measure | Brink | B0 | Brink / B0 |\n|---|---|---|---|\n",
            self.title
        );
        for r in &self.rows {
            let (b, z) = (Spread::of(&r.brink), Spread::of(&r.b0));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                r.name,
                cell(b, r.brink.len()),
                cell(z, r.b0.len()),
                num(b.median / z.median)
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for n in &self.notes {
            if seen.insert(n) {
                let _ = writeln!(out, "\n{n}");
            }
        }
        out
    }
}

fn cell(s: Spread, n: usize) -> String {
    match n {
        _ if !s.median.is_finite() => "–".into(),
        0 => "–".into(),
        1 => num(s.median),
        _ => format!("{} ({}–{})", num(s.median), num(s.min), num(s.max)),
    }
}

/// A number with as many digits as it deserves.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 10_000.0 {
        let s = format!("{:.0}", x);
        // Thousands separators.
        let (sign, digits) = s.split_at(usize::from(s.starts_with('-')));
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}")
    } else if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}
