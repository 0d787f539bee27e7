//! Workload 4, `verify_provider`: the verifier loading a 200-interaction V3 pact file from
//! disk and replaying every interaction against a plain hyper provider; `gen_pact` writes
//! that file.

use std::path::Path;
use std::time::Instant;

use pact_runtime::model::{
    Body, Category, DocPath, Headers, HttpInteraction, HttpRequest, HttpResponse, Interaction,
    InteractionCommon, MatchingRule, Pact, SpecVersion, json,
};
use pact_runtime::provider::{PactSource, Verifier};
use serde_json::json;

use crate::error::BenchError;
use crate::item_provider::ItemProvider;
use crate::items::{CONSUMER, PROVIDER};
use crate::stats::{Summary, round};

const NAME: &str = "verify_provider";
/// The interactions in the workload's pact file.
pub(crate) const DEFAULT_INTERACTIONS: usize = 200;
/// The `createdAt` rule of every interaction.
const TIMESTAMP_REGEX: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";

/// The flags WORKLOADS.md fixes for this workload.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed verifications (each loads the file and verifies every interaction).
    #[arg(long, default_value_t = 5)]
    pub(crate) runs: usize,
    /// Interactions in the pact file.
    #[arg(long, default_value_t = DEFAULT_INTERACTIONS)]
    pub(crate) interactions: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            runs: 5,
            interactions: DEFAULT_INTERACTIONS,
        }
    }
}

/// The flags of `gen_pact`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GenArgs {
    /// The file to write.
    pub(crate) file: std::path::PathBuf,
    /// Interactions in the pact file.
    #[arg(long, default_value_t = DEFAULT_INTERACTIONS)]
    pub(crate) interactions: usize,
}

/// `get item n`: `GET /items/n` with `Accept: application/json`, answered with item n
/// under the documented body rules.
pub(crate) fn interaction(n: usize) -> HttpInteraction {
    let mut request_headers = Headers::new();
    request_headers.insert("Accept".to_owned(), vec!["application/json".to_owned()]);
    let mut response_headers = Headers::new();
    response_headers.insert(
        "Content-Type".to_owned(),
        vec!["application/json".to_owned()],
    );
    let mut response = HttpResponse {
        status: 200,
        headers: response_headers,
        body: Body::json(json!({
            "id": n,
            "name": format!("item {n}"),
            "price": 10.5,
            "inStock": true,
            "tags": ["tag-a", "tag-b"],
            "createdAt": "2024-01-01T00:00:00Z",
        })),
        ..HttpResponse::default()
    };
    // Rules straight on the model: `$.tags` is a two-element example under `min 1`, which
    // no single DSL matcher yields (each_like repeats one element `min` times).
    let rules = &mut response.matching_rules;
    for field in ["id", "name", "price", "inStock"] {
        rules.add(
            Category::Body,
            DocPath::root().join_field(field),
            MatchingRule::Type,
        );
    }
    rules.add(
        Category::Body,
        DocPath::root().join_field("tags"),
        MatchingRule::MinType(1),
    );
    rules.add(
        Category::Body,
        DocPath::root().join_field("createdAt"),
        MatchingRule::Regex(TIMESTAMP_REGEX.to_owned()),
    );
    HttpInteraction {
        common: InteractionCommon {
            description: format!("get item {n}"),
            ..InteractionCommon::default()
        },
        request: HttpRequest {
            method: "GET".to_owned(),
            path: format!("/items/{n}"),
            headers: request_headers,
            ..HttpRequest::default()
        },
        response,
    }
}

/// The pact with `interactions` interactions, n = 1..=interactions.
pub(crate) fn pact(interactions: usize) -> Pact {
    let mut pact = Pact::new(CONSUMER, PROVIDER);
    pact.interactions
        .extend((1..=interactions).map(|n| Interaction::Http(interaction(n))));
    pact
}

/// Writes the pact as pretty-printed V3 JSON to `file`; returns its size in bytes.
pub(crate) fn write_pact(file: &Path, interactions: usize) -> Result<usize, BenchError> {
    let json = json::pact_to_json(&pact(interactions), SpecVersion::V3)?;
    let mut text = serde_json::to_vec_pretty(&json)
        .map_err(|error| BenchError::assertion(NAME, format!("cannot render JSON: {error}")))?;
    text.push(b'\n');
    std::fs::write(file, &text).map_err(|source| BenchError::Dir {
        path: file.to_owned(),
        source,
    })?;
    Ok(text.len())
}

/// `gen_pact FILE`: writes the file and prints one line.
pub(crate) fn gen_pact(args: &GenArgs) -> Result<(), BenchError> {
    let bytes = write_pact(&args.file, args.interactions)?;
    let mut line = crate::stats::Line::new("gen_pact");
    line.field("path", args.file.display().to_string())
        .field("interactions", args.interactions)
        .field("pact_bytes", bytes);
    line.emit();
    Ok(())
}

/// Runs the workload and prints its line.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    let (summary, pact_bytes) = measure(args)?;
    let mut line = summary.line(NAME, None, "ms");
    line.field("interactions", args.interactions)
        .field("pact_bytes", pact_bytes)
        .field(
            "interactions_per_s",
            round(args.interactions as f64 / (summary.median / 1000.0)),
        );
    line.emit();
    Ok(())
}

/// The timed verifications: their summary (ms per verification) and the pact's size.
pub(crate) fn measure(args: &Args) -> Result<(Summary, usize), BenchError> {
    if args.runs == 0 || args.interactions == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--runs and --interactions must be at least 1",
        ));
    }
    let dir = tempfile::tempdir().map_err(|source| BenchError::Dir {
        path: std::env::temp_dir(),
        source,
    })?;
    let file = dir.path().join("anchor-consumer-anchor-provider.json");
    let pact_bytes = write_pact(&file, args.interactions)?;
    let provider = ItemProvider::start()?;
    let base = provider.url();
    eprintln!("{NAME}: {pact_bytes} byte pact, provider at {base}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let mut samples = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        let started = Instant::now();
        let report = runtime
            .block_on(Verifier::new(PROVIDER, base.as_str()).verify(&[PactSource::file(&file)]));
        // The plain text output, produced and discarded as a CLI run would print it.
        let text = report.to_string();
        let elapsed = crate::stats::millis(started.elapsed());
        drop(text);
        let results = report.interactions().count();
        if !report.is_ok() || results != args.interactions {
            return Err(BenchError::assertion(
                NAME,
                format!(
                    "verification ok: {}, {results} results (expected {}):\n{report}",
                    report.is_ok(),
                    args.interactions
                ),
            ));
        }
        samples.push(elapsed);
    }
    let Some(summary) = Summary::of(&samples) else {
        return Err(BenchError::assertion(NAME, "no timed runs"));
    };
    Ok((summary, pact_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pact_file_is_v3_with_the_documented_rules() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join("pact.json");
        let bytes = write_pact(&file, 200).expect("written");
        // "About 336 KB" in WORKLOADS.md; this writer adds `"combine": "AND"` to each of
        // the 6 rule lists of an interaction (V3 allows it), some 38 KB more in all.
        assert!((330_000..380_000).contains(&bytes), "{bytes} bytes");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).expect("readable")).expect("JSON");
        assert_eq!(json["metadata"]["pactSpecification"]["version"], "3.0.0");
        let first = &json["interactions"][0];
        assert_eq!(first["description"], "get item 1");
        let rules = &first["response"]["matchingRules"]["body"];
        assert_eq!(
            rules["$.tags"]["matchers"][0],
            json!({"match": "type", "min": 1})
        );
        assert_eq!(
            rules["$.createdAt"]["matchers"][0],
            json!({"match": "regex", "regex": TIMESTAMP_REGEX})
        );
        assert!(first.get("providerState").is_none() && first.get("providerStates").is_none());
    }
}
