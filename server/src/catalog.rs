//! The scenarios a server can host: the ones under `scenarios/`, compiled into
//! the binary so that it runs from any directory, plus any the operator adds
//! with `--scenarios DIR`.

use anyhow::{Context, Result};
use brink_engine::Scenario;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The scenario files compiled into the binary: `(file name, text)`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "cuban-missile-crisis-1962.toml",
        include_str!("../../scenarios/cuban-missile-crisis-1962.toml"),
    ),
    (
        "berlin-1961.toml",
        include_str!("../../scenarios/berlin-1961.toml"),
    ),
];

/// Every scenario the server knows, by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    scenarios: BTreeMap<String, Arc<Scenario>>,
}

impl Catalog {
    /// The built-in scenarios.
    pub fn built_in() -> Result<Self> {
        let mut catalog = Self::default();
        for (file, text) in BUILT_IN {
            catalog.add(Scenario::parse(&format!("scenarios/{file}"), text)?)?;
        }
        Ok(catalog)
    }

    /// Adds every `*.toml` file in `dir`. Any broken file refuses the whole
    /// directory, with every problem named.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the scenario directory {}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            self.add(load_file(&path)?)?;
        }
        Ok(())
    }

    /// The scenario with `id`.
    pub fn get(&self, id: &str) -> Option<Arc<Scenario>> {
        self.scenarios.get(id).cloned()
    }

    /// Every scenario id, sorted.
    pub fn ids(&self) -> Vec<&str> {
        self.scenarios.keys().map(String::as_str).collect()
    }

    /// Every scenario, by id, as the admin's list shows it.
    pub fn entries(&self) -> Vec<brink_protocol::ScenarioEntry> {
        self.scenarios
            .values()
            .map(|s| brink_protocol::ScenarioEntry {
                id: s.id.clone(),
                title: s.title.clone(),
                turns: s.turns.len() as u32,
            })
            .collect()
    }

    fn add(&mut self, scenario: Scenario) -> Result<()> {
        let id = scenario.id.clone();
        if self
            .scenarios
            .insert(id.clone(), Arc::new(scenario))
            .is_some()
        {
            anyhow::bail!("two scenarios have the id {id}; give each its own id");
        }
        Ok(())
    }
}

/// Reads and checks one scenario file.
pub fn load_file(path: &Path) -> Result<Scenario> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the scenario file {}", path.display()))?;
    Ok(Scenario::parse(&path.display().to_string(), &text)?)
}
