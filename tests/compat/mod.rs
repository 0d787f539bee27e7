//! Step definitions of the compatibility suite, one module per area, and the scenario
//! runner they share.
//!
//! A step definition is an anchored regex over the step's text (without its `Given`/`When`/
//! `Then` keyword) and a function of the scenario's [`World`] and the step's captures and
//! table. Each area module has a `register` function adding its definitions; an area's
//! state lives in its own field of the [`World`], so areas never share private state.

pub mod broker;
pub mod fixtures;
pub mod generators;
pub mod http_client;
pub mod http_consumer;
pub mod http_provider;
pub mod matching;
pub mod message_provider;
pub mod messages;
pub mod mismatch_text;
pub mod v4;

use std::path::{Path, PathBuf};

use regex::Regex;

/// The compatibility suite: `$PACT_COMPATIBILITY_SUITE` (relative paths are taken from the
/// workspace root), by default `../shared/pact-compatibility-suite` beside the workspace.
///
/// # Panics
/// When it has no `features/` directory: a missing suite fails loudly, never skips.
pub fn suite_dir() -> PathBuf {
    let workspace_root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lies inside the workspace")
        .to_path_buf();
    let suite = std::env::var_os("PACT_COMPATIBILITY_SUITE").map_or_else(
        || PathBuf::from("../shared/pact-compatibility-suite"),
        PathBuf::from,
    );
    let dir = workspace_root.join(suite);
    assert!(
        dir.join("features").is_dir(),
        "the Pact compatibility suite is missing: {} has no features/ directory (set \
         PACT_COMPATIBILITY_SUITE to the directory holding features/ and fixtures/)",
        dir.display()
    );
    dir
}

/// What a step returns: `Err` with the reason the scenario fails.
pub type StepResult = Result<(), String>;

/// One step as a definition sees it.
pub struct StepCall<'a> {
    /// The step's text, without its keyword.
    pub text: &'a str,
    /// The regex's capture groups, in order (an unmatched optional group is empty).
    pub args: Vec<String>,
    /// The step's data table, rows of cells, the header row first.
    pub table: Option<&'a gherkin::Table>,
}

impl StepCall<'_> {
    /// Capture `index` as text.
    pub fn arg(&self, index: usize) -> &str {
        self.args.get(index).map_or("", String::as_str)
    }

    /// Capture `index` as a number.
    pub fn num(&self, index: usize) -> Result<usize, String> {
        self.arg(index)
            .parse()
            .map_err(|_| format!("`{}` is not a number", self.arg(index)))
    }

    /// The argument at `index` as a comma-separated list of numbers (`"1, 2"`).
    pub fn nums(&self, index: usize) -> Result<Vec<usize>, String> {
        self.arg(index)
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .map_err(|_| format!("`{n}` is not a number"))
            })
            .collect()
    }

    /// The data table, which the phrasing requires.
    pub fn table(&self) -> Result<&gherkin::Table, String> {
        self.table
            .ok_or_else(|| format!("the step `{}` needs a data table", self.text))
    }

    /// The data table as rows of `header → cell`, for the tables with a header row.
    pub fn table_rows(&self) -> Result<Vec<Vec<(String, String)>>, String> {
        let table = self.table()?;
        let Some((header, rows)) = table.rows.split_first() else {
            return Ok(Vec::new());
        };
        Ok(rows
            .iter()
            .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
            .collect())
    }
}

/// A step definition.
pub struct StepDef {
    pattern: Regex,
    run: fn(&mut World, &StepCall<'_>) -> StepResult,
}

impl StepDef {
    /// A definition for the phrasing `pattern` (anchored at both ends here).
    ///
    /// # Panics
    /// When `pattern` is not a regex: a defect of the definition, found on the first run.
    pub fn new(pattern: &str, run: fn(&mut World, &StepCall<'_>) -> StepResult) -> Self {
        let pattern = Regex::new(&format!("^(?:{pattern})$"))
            .unwrap_or_else(|e| panic!("the step pattern {pattern:?} is not a regex: {e}"));
        StepDef { pattern, run }
    }
}

/// Every step definition of every area.
pub fn all_steps() -> Vec<StepDef> {
    let mut steps = Vec::new();
    http_consumer::register(&mut steps);
    http_provider::register(&mut steps);
    broker::register(&mut steps);
    matching::register(&mut steps);
    generators::register(&mut steps);
    messages::register(&mut steps);
    message_provider::register(&mut steps);
    v4::register(&mut steps);
    steps
}

/// The state of one scenario: a fresh one per scenario.
pub struct World {
    /// The suite's directory (fixtures are under `fixtures/`).
    pub suite: PathBuf,
    /// The specification version of the scenario's feature (its directory, `V1` … `V4`).
    pub spec: pact_runtime::model::SpecVersion,
    /// The runtime the steps' async work runs on (mock servers, providers, verifier).
    pub runtime: tokio::runtime::Runtime,
    /// A directory of the scenario's own for pact files.
    pub scratch: tempfile::TempDir,
    /// The interactions the `the following HTTP interactions have been defined` table
    /// defined, in table order (the table's `No` 1 is index 0).
    pub interactions: Vec<pact_runtime::model::HttpInteraction>,
    /// HTTP consumer (mock server) steps.
    pub consumer: http_consumer::State,
    /// HTTP provider (verifier) steps.
    pub provider: http_provider::State,
    /// The stub Pact Brokers of the provider steps.
    pub broker: broker::State,
    /// Generator steps.
    pub generators: generators::State,
    /// Matching-engine comparisons.
    pub matching: matching::State,
    /// Interactions defined with the consumer DSLs and the pact generated from them.
    pub definitions: v4::State,
    /// Message consumer steps.
    pub messages: messages::State,
}

impl World {
    fn new(suite: &Path, spec: pact_runtime::model::SpecVersion) -> Result<World, String> {
        Ok(World {
            suite: suite.to_path_buf(),
            spec,
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start a runtime: {e}"))?,
            scratch: tempfile::tempdir().map_err(|e| format!("cannot make a directory: {e}"))?,
            interactions: Vec::new(),
            consumer: http_consumer::State::default(),
            provider: http_provider::State::default(),
            broker: broker::State::default(),
            generators: generators::State::default(),
            matching: matching::State::default(),
            definitions: v4::State::default(),
            messages: messages::State::default(),
        })
    }

    /// The fixture `name` of the suite.
    pub fn fixture(&self, name: &str) -> PathBuf {
        self.suite.join("fixtures").join(name.trim())
    }
}

/// Runs scenario `index` of `feature` (its background first).
///
/// # Errors
/// The first failing step, with its line and why; an undefined or ambiguous step is a
/// failure.
pub fn run_scenario(
    suite: &Path,
    feature: &gherkin::Feature,
    index: usize,
    steps: &[StepDef],
) -> Result<(), String> {
    let scenario = feature
        .scenarios
        .iter()
        .chain(feature.rules.iter().flat_map(|rule| rule.scenarios.iter()))
        .nth(index)
        .ok_or_else(|| format!("no scenario {index}"))?;
    let spec = feature
        .path
        .as_deref()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .and_then(|dir| pact_runtime::model::SpecVersion::parse(&dir.to_string_lossy()))
        .unwrap_or(pact_runtime::model::SpecVersion::V4);
    let mut world = World::new(suite, spec)?;
    let background = feature.background.iter().flat_map(|b| b.steps.iter());
    for step in background.chain(scenario.steps.iter()) {
        let line = step.position.line;
        let text = step.value.as_str();
        let mut matched = steps
            .iter()
            .filter_map(|def| def.pattern.captures(text).map(|caps| (def, caps)));
        let Some((def, caps)) = matched.next() else {
            return Err(format!(
                "line {line}: undefined step: {}{text}",
                step.keyword
            ));
        };
        if let Some((other, _)) = matched.next() {
            return Err(format!(
                "line {line}: ambiguous step `{text}`: both /{}/ and /{}/ match",
                def.pattern, other.pattern
            ));
        }
        let call = StepCall {
            text,
            args: caps
                .iter()
                .skip(1)
                .map(|m| m.map_or_else(String::new, |m| m.as_str().to_owned()))
                .collect(),
            table: step.table.as_ref(),
        };
        (def.run)(&mut world, &call)
            .map_err(|error| format!("line {line}: {}{text}\n  {error}", step.keyword))?;
    }
    Ok(())
}
