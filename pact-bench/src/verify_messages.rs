//! `verify_messages`: the verifier verifying a V4 pact of 200 asynchronous messages against
//! in-process producers (JSON contents with 10 type and regex rules each, and a topic under
//! a regex), beside `verify_provider`'s 200 HTTP interactions measured in the same run.
//!
//! The comparison is like for like: both rates are from the pact FILE, loaded on each run
//! (`median`, `messages_per_s`, `http_interactions_per_s`, `speedup`), as a provider's
//! verification runs. The 570 kB message pact is larger than the 370 kB HTTP one, and
//! loading it is more than half of a message run (`load_median` 1.9–2.0 of 3.3–3.9 ms on
//! the project's 2-core VM; a profile puts serde_json's parse at about a quarter of the run
//! and dropping the loaded pact at another quarter), so from file messages are 3.8–5.5×
//! faster than HTTP interactions, not the 10× that the verification alone reaches. The
//! verification alone,
//! from the pact parsed once, is reported apart (`in_memory_*`: states, producers,
//! matching and the report); no HTTP counterpart of it is measured, so no ratio is
//! derived from it. No rate is asserted (on a shared machine any fixed ratio fails under
//! load); each run asserts that every message verified.

use std::path::Path;
use std::time::Instant;

use pact_runtime::model::{
    AsyncMessage, Body, Category, DocPath, Interaction, InteractionCommon, MatchingRule,
    MessageContents, Pact, SpecVersion, json,
};
use pact_runtime::provider::{
    FetchContext, FetchFuture, FetchPacts, FetchedPact, MessageContext, PactSource,
    ProviderMessage, VerificationReport, Verifier,
};
use serde_json::json;

use crate::error::BenchError;
use crate::items::{CONSUMER, PROVIDER};
use crate::stats::{Summary, round};
use crate::verify_provider;

const NAME: &str = "verify_messages";
/// The messages in the workload's pact file.
const DEFAULT_MESSAGES: usize = 200;
const TIMESTAMP_REGEX: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";
const SKU_REGEX: &str = r"^SKU-\d+$";
const CURRENCY_REGEX: &str = r"^[A-Z]{3}$";

/// The flags of the workload.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed verifications (each loads the file and verifies every message).
    #[arg(long, default_value_t = 5)]
    pub(crate) runs: usize,
    /// Messages in the pact file.
    #[arg(long, default_value_t = DEFAULT_MESSAGES)]
    pub(crate) messages: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            runs: 5,
            messages: DEFAULT_MESSAGES,
        }
    }
}

/// The contents of `item n changed`, as the pact's example and as the producer sends it.
fn contents(n: usize) -> serde_json::Value {
    json!({
        "id": n,
        "sku": format!("SKU-{n}"),
        "name": format!("item {n}"),
        "price": 10.5,
        "currency": "EUR",
        "inStock": true,
        "quantity": 3,
        "tags": ["tag-a", "tag-b"],
        "updatedAt": "2024-01-01T00:00:00Z",
        "warehouse": {"code": "W1"},
    })
}

/// `item n changed`: the contents above under 10 rules (7 type, 3 regex), topic by regex.
fn message(n: usize) -> AsyncMessage {
    let mut message = MessageContents {
        contents: Body::json(contents(n)),
        metadata: serde_json::Map::from_iter([("topic".to_owned(), json!("items.changed"))]),
        ..MessageContents::default()
    };
    let rules = &mut message.matching_rules;
    for field in [
        "id",
        "name",
        "price",
        "inStock",
        "quantity",
        "tags",
        "warehouse",
    ] {
        rules.add(
            Category::Content,
            DocPath::root().join_field(field),
            MatchingRule::Type,
        );
    }
    for (field, regex) in [
        ("sku", SKU_REGEX),
        ("currency", CURRENCY_REGEX),
        ("updatedAt", TIMESTAMP_REGEX),
    ] {
        rules.add(
            Category::Content,
            DocPath::root().join_field(field),
            MatchingRule::Regex(regex.to_owned()),
        );
    }
    rules.add(
        Category::Metadata,
        DocPath::root().join_field("topic"),
        MatchingRule::Regex(r"^items\.\w+$".to_owned()),
    );
    AsyncMessage {
        common: InteractionCommon {
            description: description(n),
            ..InteractionCommon::default()
        },
        message,
    }
}

fn description(n: usize) -> String {
    format!("item {n} changed")
}

fn pact(messages: usize) -> Pact {
    let mut pact = Pact::new(CONSUMER, PROVIDER);
    pact.interactions
        .extend((1..=messages).map(|n| Interaction::AsyncMessage(message(n))));
    pact
}

fn write_pact(file: &Path, messages: usize) -> Result<usize, BenchError> {
    let json = json::pact_to_json(&pact(messages), SpecVersion::V4)?;
    let text = serde_json::to_vec_pretty(&json)
        .map_err(|error| BenchError::assertion(NAME, format!("cannot render JSON: {error}")))?;
    std::fs::write(file, &text).map_err(|source| BenchError::Dir {
        path: file.to_owned(),
        source,
    })?;
    Ok(text.len())
}

/// One producer per message, as a provider registers one per event it publishes.
fn verifier(messages: usize) -> Verifier {
    (1..=messages).fold(Verifier::for_messages(PROVIDER), |verifier, n| {
        verifier.message(description(n), move |_context: MessageContext| {
            Ok::<_, String>(
                ProviderMessage::json_value_of(contents(n)).metadata("topic", "items.changed"),
            )
        })
    })
}

/// The pact already in memory (parsed once): what is left is the verification itself.
#[derive(Debug)]
struct InMemory(Pact);

impl FetchPacts for InMemory {
    fn fetch<'a>(&'a self, _context: &'a FetchContext) -> FetchFuture<'a> {
        let pact = FetchedPact::new("in memory", Ok(self.0.clone()));
        Box::pin(std::future::ready(vec![pact]))
    }
}

/// Times `runs` verifications of `source`, checking each verified every message.
fn time_runs(
    runtime: &tokio::runtime::Runtime,
    verifier: &Verifier,
    source: &PactSource,
    args: &Args,
) -> Result<Summary, BenchError> {
    let mut samples = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let started = Instant::now();
        let report: VerificationReport =
            runtime.block_on(verifier.verify(std::slice::from_ref(source)));
        // The plain text output, produced and discarded as a CLI run would print it.
        let text = report.to_string();
        let elapsed = crate::stats::millis(started.elapsed());
        drop(text);
        if !report.is_ok() || report.verified() != args.messages {
            return Err(BenchError::assertion(
                NAME,
                format!(
                    "verification ok: {}, {} verified (expected {}):\n{report}",
                    report.is_ok(),
                    report.verified(),
                    args.messages
                ),
            ));
        }
        samples.push(elapsed);
    }
    Summary::of(&samples).ok_or_else(|| BenchError::assertion(NAME, "no timed runs"))
}

/// Times `runs` loads of the pact file alone (read, parse, model), the part of a run
/// from file that the in-memory runs leave out.
fn time_loads(file: &Path, args: &Args) -> Result<Summary, BenchError> {
    let mut samples = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let started = Instant::now();
        let loaded = pact_runtime::model::file::load_with_warnings(file)
            .map_err(|error| BenchError::assertion(NAME, format!("cannot load: {error}")))?;
        samples.push(crate::stats::millis(started.elapsed()));
        if loaded.pact.interactions.len() != args.messages {
            return Err(BenchError::assertion(NAME, "the loaded pact lost messages"));
        }
    }
    Summary::of(&samples).ok_or_else(|| BenchError::assertion(NAME, "no timed loads"))
}

/// Runs the workload and prints its line.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    if args.runs == 0 || args.messages == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--runs and --messages must be at least 1",
        ));
    }
    let dir = tempfile::tempdir().map_err(|source| BenchError::Dir {
        path: std::env::temp_dir(),
        source,
    })?;
    let file = dir.path().join("anchor-consumer-anchor-provider.json");
    let pact_bytes = write_pact(&file, args.messages)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let verifier = verifier(args.messages);
    let summary = time_runs(&runtime, &verifier, &PactSource::file(&file), args)?;
    let in_memory = PactSource::fetcher(InMemory(pact(args.messages)));
    let verification_only = time_runs(&runtime, &verifier, &in_memory, args)?;
    let load = time_loads(&file, args)?;
    let messages_per_s = args.messages as f64 / (summary.median / 1000.0);
    let in_memory_per_s = args.messages as f64 / (verification_only.median / 1000.0);
    let (http, _) = verify_provider::measure(&verify_provider::Args::default())?;
    let http_per_s = verify_provider::DEFAULT_INTERACTIONS as f64 / (http.median / 1000.0);
    let speedup = messages_per_s / http_per_s;
    let mut line = summary.line(NAME, None, "ms");
    line.field("compared", "from file")
        .field("messages", args.messages)
        .field("pact_bytes", pact_bytes)
        .field("messages_per_s", round(messages_per_s))
        .field("http_interactions_per_s", round(http_per_s))
        .field("speedup", round(speedup))
        .field("in_memory_median", round(verification_only.median))
        .field("in_memory_messages_per_s", round(in_memory_per_s))
        .field("load_median", round(load.median));
    line.emit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_carries_ten_content_rules_and_its_producer_honours_them() {
        let message = message(7);
        let content = message
            .message
            .matching_rules
            .category(Category::Content)
            .map_or(0, |rules| rules.len());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("pact.json");
        write_pact(&file, 3).expect("written");

        let report = runtime.block_on(verifier(3).verify(&[PactSource::file(&file)]));

        assert_eq!(content, 10);
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.verified(), 3);
    }
}
