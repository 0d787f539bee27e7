//! Provider verification as test trials: one [libtest-mimic](crate::libtest_mimic) trial
//! per interaction, so `cargo test <part of a description>` verifies one interaction,
//! `--list` shows them all, and nextest or a JUnit reporter sees one result per
//! interaction (Pact Go runs them as subtests; `tests/spec_conformance.rs` is the same
//! pattern for the specification's cases).
//!
//! The pacts are read when the trials are built ([`Verifier::trials`]), so their names are
//! known before anything runs. Each trial runs its interaction's whole sequence (before-each
//! hook, states, request or message, comparison, teardown, after-each hook; see
//! [`provider`](super)) on the runtime the trials were built on, and fails with the
//! interaction's report as [`Verifier::verify`] prints it. What is not an interaction is a
//! trial of its own that fails with the reason: settings that cannot be used, a pact that
//! could not be loaded, a filter that is neither a regex nor a description, and a run in
//! which nothing is left to verify (unless [`Verifier::allow_no_interactions`]). A pending
//! interaction that fails passes its trial and says so. [`TrialResults`] collects what each
//! trial found, for a [`VerificationReport`] after the run (publishing to a broker, say).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use libtest_mimic::{Arguments, Conclusion, Failed, Trial};
use tokio::runtime::{Handle, RuntimeFlavor};

use super::VerifyError;
use super::report::{InteractionResult, PactResult, Status, VerificationReport};
use super::run::Session;
use super::source::{FetchContext, PactSource};
use super::tls::INSECURE_WARNING;
use super::verifier::Verifier;
use crate::model::{Interaction, Pact};

/// The trials of one verification, built by [`Verifier::trials`]: one per selected
/// interaction of every pact read, plus one per problem that is not an interaction's.
///
/// Hand them to libtest-mimic yourself ([`into_trials`](Self::into_trials), keeping
/// [`results`](Self::results) for the report), or let [`run`](Self::run) do it. The trials
/// block on the Tokio runtime they were built on: run them outside any async context
/// (libtest-mimic's threads, or `main` after `Runtime::block_on` returned), while that
/// runtime is alive.
///
/// ```no_run
/// use pact_runtime::libtest_mimic::Arguments;
/// use pact_runtime::provider::{PactSource, Verifier};
///
/// fn main() {
///     let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
///     let trials = runtime.block_on(async {
///         // start the provider here, on `runtime`, so it serves while the trials run
///         Verifier::new("user-service", "http://127.0.0.1:8080")
///             .trials(&[PactSource::dir("pacts")])
///             .await
///     });
///     let mut args = Arguments::from_args();
///     // Provider states change shared provider data: one interaction at a time.
///     args.test_threads.get_or_insert(1);
///     trials.run(&args).conclusion.exit();
/// }
/// ```
#[must_use = "the trials verify nothing until they are run"]
pub struct VerificationTrials {
    cases: Vec<Case>,
    results: TrialResults,
}

impl std::fmt::Debug for VerificationTrials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationTrials")
            .field("names", &self.names().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// One trial before it is handed to libtest-mimic (whose trials' names cannot change).
struct Case {
    name: String,
    kind: Option<&'static str>,
    ignored: bool,
    runner: Box<dyn FnOnce() -> Result<(), Failed> + Send>,
}

impl Case {
    fn into_trial(self) -> Trial {
        let trial = Trial::test(self.name, self.runner).with_ignored_flag(self.ignored);
        match self.kind {
            Some(kind) => trial.with_kind(kind),
            None => trial,
        }
    }

    fn failing(name: impl Into<String>, message: String) -> Self {
        Case {
            name: name.into(),
            kind: None,
            ignored: false,
            runner: Box::new(move || Err(message.into())),
        }
    }
}

/// The trial that fails the run when it cannot be verified at all.
const SETTINGS_TRIAL: &str = "verifier settings";
/// The trial that fails a run that would verify nothing.
const NOTHING_TRIAL: &str = "nothing verified";
/// The trial reporting filters that are neither a regex nor a description.
const FILTER_TRIAL: &str = "invalid filter";

/// Where the trials record their interactions' results, shared with the trials: read it
/// with [`into_report`](Self::into_report) once they ran.
#[derive(Clone)]
pub struct TrialResults(Arc<Mutex<Collected>>);

impl std::fmt::Debug for TrialResults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrialResults")
            .field("complete", &self.is_complete())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Collected {
    /// The pacts read, without their interactions: those are in `slots`.
    pacts: Vec<PactResult>,
    /// Per pact, per selected interaction: its result once its trial ran.
    slots: Vec<Vec<Option<InteractionResult>>>,
    errors: Vec<VerifyError>,
    warnings: Vec<String>,
    allow_no_interactions: bool,
    started: Option<Instant>,
}

impl TrialResults {
    fn lock(&self) -> std::sync::MutexGuard<'_, Collected> {
        // A trial that panicked while recording leaves data that is still whole.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, pact: usize, slot: usize, result: InteractionResult) {
        if let Some(place) = self
            .lock()
            .slots
            .get_mut(pact)
            .and_then(|s| s.get_mut(slot))
        {
            *place = Some(result);
        }
    }

    /// Each pact's source and the notices its source gave (a broker's), to show before
    /// the trials run.
    pub(crate) fn notices(&self) -> Vec<(String, String)> {
        self.lock()
            .pacts
            .iter()
            .flat_map(|pact| {
                pact.notices
                    .iter()
                    .map(|notice| (pact.source.clone(), notice.clone()))
            })
            .collect()
    }

    /// True when every selected interaction has a result: all their trials ran (none was
    /// left out by a test-name filter). Results are published to a broker only then.
    pub fn is_complete(&self) -> bool {
        self.lock().slots.iter().flatten().all(Option::is_some)
    }

    /// The report of the trials that ran, in pact order, as [`Verifier::verify`] would
    /// have made it for them; the results are moved out, so a second call finds none.
    pub fn into_report(self) -> VerificationReport {
        let mut collected = self.lock();
        let Collected {
            pacts,
            slots,
            errors,
            warnings,
            allow_no_interactions,
            started,
        } = std::mem::take(&mut *collected);
        let mut report = VerificationReport {
            errors,
            warnings,
            allow_no_interactions,
            duration: started.map(|started| started.elapsed()).unwrap_or_default(),
            ..VerificationReport::default()
        };
        for (mut pact, slots) in pacts.into_iter().zip(slots) {
            pact.interactions = slots.into_iter().flatten().collect();
            report.pacts.push(pact);
        }
        report
    }
}

/// What [`VerificationTrials::run`] returns.
#[derive(Debug)]
#[non_exhaustive]
pub struct TrialsOutcome {
    /// libtest-mimic's counts; [`Conclusion::exit`] ends the test binary with them.
    pub conclusion: Conclusion,
    /// The results of the trials that ran.
    pub report: VerificationReport,
    /// Whether every interaction's trial ran (see [`TrialResults::is_complete`]).
    pub complete: bool,
    /// The name and message of each trial that failed, in the order they finished.
    pub failures: Vec<(String, String)>,
}

/// Each trial that ran, by name, with its failure message (`None`: it passed).
pub(crate) type TrialLog = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// The failed trials of `log`.
pub(crate) fn failures(log: &TrialLog) -> Vec<(String, String)> {
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter_map(|(name, message)| Some((name.clone(), message.clone()?)))
        .collect()
}

impl VerificationTrials {
    /// One trial that fails with `message`: a verification that could not even start
    /// (the harness's setup failed).
    pub(crate) fn failing(name: String, message: String) -> Self {
        VerificationTrials {
            cases: vec![Case::failing(name, message)],
            results: TrialResults(Arc::default()),
        }
    }

    /// The trials' names, in order: `{consumer} → {provider}: {description}`, with
    /// ` (given {states})` when two interactions share a description, and ` #2`, ` #3`…
    /// when that is not enough (the same pact read twice).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.cases.iter().map(|case| case.name.as_str())
    }

    /// How many trials there are.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// True when there is no trial (never the case for trials built by
    /// [`Verifier::trials`], which has a failing trial when nothing is to be verified).
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// Puts `{prefix}::` before every name, to tell apart the trials of several
    /// verifications run by one test binary.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        for case in &mut self.cases {
            case.name = format!("{prefix}::{}", case.name);
        }
        self
    }

    /// Where the trials record their results (keep it before [`into_trials`](Self::into_trials)).
    pub fn results(&self) -> TrialResults {
        self.results.clone()
    }

    /// The libtest-mimic trials. Skipped interactions (an HTTP interaction for a
    /// message-only verifier, say) are ignored trials; pending ones are of kind `pending`.
    pub fn into_trials(self) -> Vec<Trial> {
        self.cases.into_iter().map(Case::into_trial).collect()
    }

    /// The trials, each adding its name and failure message to `log` when it ran.
    pub(crate) fn into_logged_trials(self, log: &TrialLog) -> Vec<Trial> {
        self.cases
            .into_iter()
            .map(|case| {
                let (log, name, runner) = (log.clone(), case.name.clone(), case.runner);
                Case {
                    runner: Box::new(move || {
                        let verdict = runner();
                        let message = verdict
                            .as_ref()
                            .err()
                            .map(|failed| failed.message().unwrap_or_default().to_owned());
                        log.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push((name, message));
                        verdict
                    }),
                    ..case
                }
                .into_trial()
            })
            .collect()
    }

    /// Runs the trials with `args` (`Arguments::from_args()` in a test binary) and returns
    /// libtest-mimic's conclusion with the report of what ran. Blocks: call it outside any
    /// async context.
    pub fn run(self, args: &Arguments) -> TrialsOutcome {
        let results = self.results();
        let log = TrialLog::default();
        let conclusion = libtest_mimic::run(args, self.into_logged_trials(&log));
        let complete = results.is_complete();
        TrialsOutcome {
            conclusion,
            report: results.into_report(),
            complete,
            failures: failures(&log),
        }
    }
}

/// Runs [`Verifier::trials`].
pub(crate) async fn build(verifier: &Verifier, sources: &[PactSource]) -> VerificationTrials {
    let results = TrialResults(Arc::new(Mutex::new(Collected {
        allow_no_interactions: verifier.allow_no_interactions,
        started: Some(Instant::now()),
        ..Collected::default()
    })));
    let mut trials = VerificationTrials {
        cases: Vec::new(),
        results: results.clone(),
    };
    // The trials block on this runtime from threads of their own, which only works when
    // the runtime's workers drive it meanwhile.
    let handle = match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() != RuntimeFlavor::CurrentThread => handle,
        _ => {
            trials.cases.push(Case::failing(
                SETTINGS_TRIAL,
                "the verification trials must be built on a multi-thread Tokio runtime that \
                 stays alive while they run (`tokio::runtime::Runtime::new()`)"
                    .to_owned(),
            ));
            return trials;
        }
    };
    let (session, tls) = match Session::new(verifier) {
        Ok(built) => built,
        Err(errors) => {
            let message = rendered(&errors);
            results.lock().errors = errors;
            trials.cases.push(Case::failing(SETTINGS_TRIAL, message));
            return trials;
        }
    };
    if verifier.tls.insecure && verifier.tls.config.is_none() {
        // Never silent: no report is printed around the trials, so the test's output says it.
        eprintln!("warning: {INSECURE_WARNING}");
        results.lock().warnings.push(INSECURE_WARNING.to_owned());
    }
    let session = Arc::new(session);
    let context = FetchContext::new(verifier.provider.clone(), session.transport.clone(), tls);
    let mut planned = Vec::new();
    // How many interactions of all the pacts read share each name, filtered out or not:
    // a trial's name does not change with the filters.
    let mut described: HashMap<String, usize> = HashMap::new();
    let mut runnable = 0;
    let mut failing = false;
    for source in sources {
        for fetched in source.load(&context).await {
            let mut result = PactResult::new(fetched.name);
            result.pending = fetched.pending;
            result.notices = fetched.notices;
            result.warnings = fetched.warnings;
            result.properties = fetched.properties;
            let pact_index = results.lock().pacts.len();
            let mut slots = Vec::new();
            match fetched.pact {
                Err(error) => {
                    let allowed = verifier.allow_no_interactions
                        && matches!(error, VerifyError::NoPacts { .. });
                    if !allowed {
                        failing = true;
                        trials.cases.push(Case::failing(
                            format!("load {}", short_source(&result.source)),
                            format!("✘ {}\n      {error}", result.source),
                        ));
                    }
                    result.load_error = Some(error);
                }
                Ok(pact) => {
                    result.consumer.clone_from(&pact.consumer);
                    result.provider.clone_from(&pact.provider);
                    for interaction in &pact.interactions {
                        *described.entry(base_name(&pact, interaction)).or_default() += 1;
                    }
                    let selected = session.selected(&pact);
                    result.filtered_out = pact.interactions.len() - selected.len();
                    let pact = Arc::new(pact);
                    for (slot, &index) in selected.iter().enumerate() {
                        let interaction = &pact.interactions[index];
                        let skipped = session.skip_reason(interaction).is_some();
                        if skipped {
                            // Known now, and an ignored trial never runs: recorded here.
                            slots.push(Some(
                                session
                                    .verify_interaction(interaction, result.pending)
                                    .await,
                            ));
                        } else {
                            runnable += 1;
                            slots.push(None);
                        }
                        planned.push(Planned {
                            pact: pact.clone(),
                            index,
                            pact_index,
                            slot,
                            pact_pending: result.pending,
                            skipped,
                        });
                    }
                }
            }
            let mut collected = results.lock();
            collected.pacts.push(result);
            collected.slots.push(slots);
        }
    }
    let names = unique_names(&planned, &described);
    for (plan, name) in planned.into_iter().zip(names) {
        trials
            .cases
            .push(plan.into_case(name, &session, &handle, &results));
    }
    let invalid = session.filter.unmatched();
    if !invalid.is_empty() {
        failing = true;
        trials
            .cases
            .push(Case::failing(FILTER_TRIAL, rendered(&invalid)));
        results.lock().errors.extend(invalid);
    }
    if runnable == 0 && !verifier.allow_no_interactions && !failing {
        let reason = nothing_verified(&results);
        trials.cases.push(Case::failing(NOTHING_TRIAL, reason));
    }
    trials
}

/// An interaction's trial, before it has its name.
struct Planned {
    pact: Arc<Pact>,
    index: usize,
    pact_index: usize,
    slot: usize,
    pact_pending: bool,
    skipped: bool,
}

impl Planned {
    fn interaction(&self) -> &Interaction {
        &self.pact.interactions[self.index]
    }

    fn into_case(
        self,
        name: String,
        session: &Arc<Session>,
        handle: &Handle,
        results: &TrialResults,
    ) -> Case {
        let pending = self.pact_pending || self.interaction().common().pending;
        let kind = pending.then_some("pending");
        if self.skipped {
            return Case {
                name,
                kind,
                ignored: true,
                runner: Box::new(|| Ok(())),
            };
        }
        let (session, handle, results) = (session.clone(), handle.clone(), results.clone());
        Case {
            name,
            kind,
            ignored: false,
            runner: Box::new(move || {
                let interaction = &self.pact.interactions[self.index];
                let result =
                    handle.block_on(session.verify_interaction(interaction, self.pact_pending));
                let verdict = verdict(&result);
                results.record(self.pact_index, self.slot, result);
                verdict
            }),
        }
    }
}

/// The trial's verdict on `result`; a pending failure passes, saying so on stderr (the
/// test's output) with the report it would have failed with.
fn verdict(result: &InteractionResult) -> Result<(), Failed> {
    match result.status() {
        Status::Failed => Err(result.to_string().into()),
        Status::Pending => {
            eprintln!("pending, so this failure is tolerated:\n{result}");
            Ok(())
        }
        Status::Passed | Status::Skipped => {
            for warning in &result.warnings {
                eprintln!("warning: {}: {warning}", result.description);
            }
            Ok(())
        }
    }
}

/// `{consumer} → {provider}: {description}`.
fn base_name(pact: &Pact, interaction: &Interaction) -> String {
    format!(
        "{} → {}: {}",
        pact.consumer,
        pact.provider,
        interaction.description()
    )
}

/// The base names, with the states added where `counts` (of every interaction read) says
/// a name repeats and a counter where even that repeats, so every name selects one trial.
fn unique_names(planned: &[Planned], counts: &HashMap<String, usize>) -> Vec<String> {
    let mut names: Vec<String> = planned
        .iter()
        .map(|plan| {
            let name = base_name(&plan.pact, plan.interaction());
            let states = plan.interaction().provider_states();
            if counts.get(&name).copied().unwrap_or(0) > 1 && !states.is_empty() {
                let states: Vec<&str> = states.iter().map(|state| state.name.as_str()).collect();
                format!("{name} (given {})", states.join(", "))
            } else {
                name
            }
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for name in &mut names {
        let count = seen.entry(name.clone()).or_default();
        *count += 1;
        if *count > 1 {
            name.push_str(&format!(" #{count}"));
        }
    }
    names
}

/// A source for a trial's name: a path relative to the working directory (cargo runs a
/// test binary in its crate's directory), so names do not change from machine to machine.
fn short_source(source: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|dir| {
            std::path::Path::new(source)
                .strip_prefix(dir)
                .ok()
                .map(|path| path.display().to_string())
        })
        .unwrap_or_else(|| source.to_owned())
}

fn rendered(errors: &[VerifyError]) -> String {
    errors
        .iter()
        .map(|error| format!("error: {error}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why nothing would be verified, in the report's words.
fn nothing_verified(results: &TrialResults) -> String {
    let mut collected = results.lock();
    let mut report = VerificationReport {
        pacts: std::mem::take(&mut collected.pacts),
        ..VerificationReport::default()
    };
    for (pact, slots) in report.pacts.iter_mut().zip(&collected.slots) {
        pact.interactions = slots.iter().flatten().cloned().collect();
    }
    let reason = report.nothing_verified();
    for pact in &mut report.pacts {
        pact.interactions.clear();
    }
    collected.pacts = report.pacts;
    reason.unwrap_or_else(|| "nothing was verified".to_owned())
}

impl Verifier {
    /// Reads the pacts of `sources` and makes each selected interaction a test trial that
    /// verifies it (see [`VerificationTrials`]); nothing is verified until they run.
    ///
    /// Never fails as a whole: settings that cannot be used, a pact that cannot be read, a
    /// filter that is neither a regex nor a description and a run that would verify
    /// nothing are each a trial that fails with the reason. Must be awaited on a
    /// multi-thread Tokio runtime, which the trials then block on while they run.
    /// [`concurrency`](Self::concurrency) does not apply: libtest's `--test-threads` does.
    pub async fn trials(&self, sources: &[PactSource]) -> VerificationTrials {
        build(self, sources).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trials_built_outside_a_multi_thread_runtime_are_one_failing_trial() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");

        let trials = runtime.block_on(
            Verifier::new("user-service", "http://127.0.0.1:1").trials(&[PactSource::dir("x")]),
        );

        assert_eq!(trials.names().collect::<Vec<_>>(), [SETTINGS_TRIAL]);
    }
}
