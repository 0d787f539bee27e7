//! The Pact Broker commands: `publish`, `can-i-deploy`, `record-deployment`,
//! `record-release`, over the library's [`BrokerClient`].
//!
//! The flags follow the official `pact-broker` client's (`-b/--broker-base-url`,
//! `-u/--broker-username`, `-p/--broker-password`, `-k/--broker-token`, with the
//! `PACT_BROKER_*` variables). Every broker error is one line naming the URL, without
//! credentials (the library never puts them in a message); a `401`/`403` says
//! "unauthorised".

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use pact_runtime::broker::{
    BrokerClient, BrokerError, CanIDeploy, ConsumerVersion, Publisher, Verdict, VersionSelector,
};
use serde_json::json;

use crate::output::{self, BAD, Format, GOOD, UNSURE};
use crate::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// can-i-deploy: the broker does not know yet (a verification is missing).
const EXIT_UNKNOWN: u8 = 3;
/// can-i-deploy: the broker could not be reached or answered with an error.
const EXIT_BROKER: u8 = 4;

pub(crate) const PUBLISH_EXIT_CODES: &str = "\
Exit codes:
  0  every pact was published
  1  publishing failed: the broker is unreachable, refused (401: unauthorised) or a file
     is not a pact
  2  usage or settings error (a blank version, branch or tag; an invalid broker URL)";

pub(crate) const CAN_I_DEPLOY_EXIT_CODES: &str = "\
Exit codes:
  0  yes: every needed verification exists and passed
  1  no: a needed verification failed
  2  usage or settings error
  3  unknown: a needed verification has not been published (after --retry-while-unknown);
     the official pact-broker client exits 1 for this too, 3 lets CI tell the cases apart
  4  the broker could not be reached or answered with an error";

pub(crate) const RECORD_EXIT_CODES: &str = "\
Exit codes:
  0  recorded
  1  the broker is unreachable, refused, or does not offer that environment
  2  usage or settings error";

/// How to reach the broker.
#[derive(Debug, Args)]
pub(crate) struct BrokerArgs {
    /// The Pact Broker's base URL.
    #[arg(
        short = 'b',
        long,
        alias = "broker-url",
        env = "PACT_BROKER_BASE_URL",
        value_name = "URL"
    )]
    broker_base_url: String,
    /// The broker user name (basic authentication).
    #[arg(
        short = 'u',
        long,
        env = "PACT_BROKER_USERNAME",
        requires = "broker_password"
    )]
    broker_username: Option<String>,
    /// The broker password (basic authentication).
    #[arg(
        short = 'p',
        long,
        env = "PACT_BROKER_PASSWORD",
        hide_env_values = true
    )]
    broker_password: Option<String>,
    /// A bearer token for the broker.
    #[arg(
        short = 'k',
        long,
        env = "PACT_BROKER_TOKEN",
        hide_env_values = true,
        conflicts_with = "broker_username"
    )]
    broker_token: Option<String>,
    /// How many times to retry a request the broker failed with a 5xx or that could not
    /// connect.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Print text for people (default) or one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    output: Format,
    /// No colour (colour is used only on a terminal, and never under NO_COLOR).
    #[arg(long, alias = "no-color")]
    no_colour: bool,
}

impl BrokerArgs {
    fn client(&self) -> Result<BrokerClient, String> {
        if self.no_colour {
            output::disable_colour();
        }
        let mut builder = BrokerClient::builder(&self.broker_base_url).retries(self.retries);
        if let Some(token) = self.broker_token.as_ref().filter(|t| !t.is_empty()) {
            builder = builder.bearer_token(token.as_str());
        } else if let Some(user) = self.broker_username.as_ref().filter(|u| !u.is_empty()) {
            builder = builder.basic_auth(user, self.broker_password.clone().unwrap_or_default());
        }
        builder.build().map_err(|error| error.to_string())
    }
}

/// One line for a broker error; a refusal of the credentials says so in words.
fn describe(error: &BrokerError) -> String {
    match error {
        BrokerError::Status {
            status: 401 | 403, ..
        } => {
            format!("unauthorised: {error} (check the broker token or user name and password)")
        }
        other => other.to_string(),
    }
}

/// A value the broker keys by (a version, a branch, a tag): refused when empty or blank,
/// as a usage error (exit 2), before the broker is asked.
pub(crate) fn non_blank(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err("must not be empty or blank".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

/// The arguments of `pact publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Pact files or directories of pact files (`*.json`).
    #[arg(required = true, value_name = "PACT")]
    pacts: Vec<PathBuf>,
    /// The consumer version the pacts belong to (a commit SHA is best; not blank).
    #[arg(short = 'a', long, env = "PACT_CONSUMER_APP_VERSION", value_parser = non_blank)]
    consumer_app_version: String,
    /// The consumer version's branch.
    #[arg(long, env = "PACT_CONSUMER_BRANCH", value_parser = non_blank)]
    branch: Option<String>,
    /// A tag for the consumer version (repeatable).
    #[arg(short = 't', long = "tag", value_name = "TAG", value_parser = non_blank)]
    tags: Vec<String>,
    /// The URL of the CI build that made the pacts.
    #[arg(long, env = "PACT_BUILD_URL")]
    build_url: Option<String>,
    #[command(flatten)]
    broker: BrokerArgs,
}

/// Runs `pact publish`.
pub(crate) async fn publish(args: PublishArgs) -> u8 {
    let client = match args.broker.client() {
        Ok(client) => client,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let mut publisher = Publisher::new(&client);
    for path in &args.pacts {
        publisher = if path.is_dir() {
            publisher.dir(path)
        } else {
            publisher.file(path)
        };
    }
    let mut version = ConsumerVersion::new(&args.consumer_app_version);
    if let Some(branch) = &args.branch {
        version = version.branch(branch);
    }
    for tag in &args.tags {
        version = version.tag(tag);
    }
    if let Some(url) = &args.build_url {
        version = version.build_url(url);
    }
    match publisher.publish(&version).await {
        Ok(outcome) => {
            match args.broker.output {
                Format::Text => {
                    for line in &outcome.logs {
                        anstream::println!("{line}");
                    }
                    for url in &outcome.pact_urls {
                        anstream::println!("published {url}");
                    }
                    anstream::println!(
                        "{} to {}",
                        output::paint(GOOD, "published"),
                        client.base_url()
                    );
                }
                Format::Json => output::json(&json!({
                    "ok": true,
                    "logs": outcome.logs,
                    "pactUrls": outcome.pact_urls,
                    "classic": outcome.classic,
                })),
            }
            EXIT_OK
        }
        Err(error) => {
            let message = describe(&error);
            if args.broker.output == Format::Json {
                output::json(&json!({"ok": false, "error": message}));
            }
            output::error(&format!(
                "cannot publish to {}: {message}",
                client.base_url()
            ));
            EXIT_FAILED
        }
    }
}

/// The arguments of `pact can-i-deploy`.
#[derive(Debug, Args)]
pub(crate) struct CanIDeployArgs {
    /// A pacticipant (repeatable; each takes the --version at the same position, else
    /// --latest).
    #[arg(
        short = 'a',
        long = "pacticipant",
        required = true,
        value_name = "NAME"
    )]
    pacticipants: Vec<String>,
    /// The version of the pacticipant at the same position.
    #[arg(short = 'e', long = "version", value_name = "VERSION")]
    versions: Vec<String>,
    /// For pacticipants without a --version: their latest version, or the latest with
    /// this tag.
    #[arg(short = 'l', long, num_args = 0..=1, default_missing_value = "", value_name = "TAG")]
    latest: Option<String>,
    /// For pacticipants without a --version: the latest version on this branch.
    #[arg(long, conflicts_with = "latest", value_name = "BRANCH")]
    branch: Option<String>,
    /// Whether they can be deployed to this environment.
    #[arg(long, conflicts_with = "to")]
    to_environment: Option<String>,
    /// Whether they can be deployed alongside the latest versions with this tag.
    #[arg(long, value_name = "TAG")]
    to: Option<String>,
    /// Ignore this pacticipant in the verdict (repeatable).
    #[arg(long, value_name = "NAME")]
    ignore: Vec<String>,
    /// While the answer is unknown, ask again up to N times.
    #[arg(long, default_value_t = 0, value_name = "N")]
    retry_while_unknown: u32,
    /// Seconds between those questions.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    retry_interval: f64,
    #[command(flatten)]
    broker: BrokerArgs,
}

impl CanIDeployArgs {
    fn question(&self) -> Result<CanIDeploy, String> {
        if self.versions.len() > self.pacticipants.len() {
            return Err("more --version than --pacticipant".to_owned());
        }
        let selector = |index: usize| match (
            self.versions.get(index),
            self.latest.as_deref(),
            self.branch.as_deref(),
        ) {
            (Some(version), _, _) => Ok(VersionSelector::Version(version.clone())),
            (None, _, Some(branch)) => Ok(VersionSelector::LatestOnBranch(branch.to_owned())),
            (None, Some(""), None) => Ok(VersionSelector::Latest),
            (None, Some(tag), None) => Ok(VersionSelector::LatestTagged(tag.to_owned())),
            (None, None, None) => Err(format!(
                "pacticipant `{}` needs a --version (or --latest, or --branch)",
                self.pacticipants[index]
            )),
        };
        let mut question = CanIDeploy::of(&self.pacticipants[0], selector(0)?);
        for (index, name) in self.pacticipants.iter().enumerate().skip(1) {
            question = question.and(name, selector(index)?);
        }
        if let Some(environment) = &self.to_environment {
            question = question.to_environment(environment);
        }
        if let Some(tag) = &self.to {
            question = question.to_tag(tag);
        }
        for name in &self.ignore {
            question = question.ignore(name, None);
        }
        let interval = Duration::try_from_secs_f64(self.retry_interval)
            .map_err(|_| format!("--retry-interval: not a duration: {}", self.retry_interval))?;
        Ok(question.retry_while_unknown(self.retry_while_unknown, interval))
    }
}

/// Runs `pact can-i-deploy`.
pub(crate) async fn can_i_deploy(args: CanIDeployArgs) -> u8 {
    let (client, question) = match args.broker.client().and_then(|c| Ok((c, args.question()?))) {
        Ok(prepared) => prepared,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let result = match client.can_i_deploy(&question).await {
        Ok(result) => result,
        Err(error) => {
            let message = describe(&error);
            if args.broker.output == Format::Json {
                output::json(&json!({"ok": false, "deployable": null, "error": message}));
            }
            output::error(&format!("cannot ask {}: {message}", client.base_url()));
            return EXIT_BROKER;
        }
    };
    let (word, style, code) = match result.verdict {
        Verdict::Deployable => ("yes", GOOD, EXIT_OK),
        Verdict::NotDeployable => ("no", BAD, EXIT_FAILED),
        Verdict::Unknown => ("unknown", UNSURE, EXIT_UNKNOWN),
    };
    match args.broker.output {
        Format::Text => {
            for row in &result.rows {
                let verified = match row.success {
                    Some(true) => "verified",
                    Some(false) => "failed",
                    None => "not verified",
                };
                let ignored = if row.ignored { " (ignored)" } else { "" };
                anstream::println!(
                    "  {} {} → {} {}: {verified}{ignored}",
                    row.consumer,
                    row.consumer_version.as_deref().unwrap_or("?"),
                    row.provider,
                    row.provider_version.as_deref().unwrap_or("?"),
                );
            }
            for notice in &result.notices {
                anstream::println!("  notice: {notice}");
            }
            anstream::println!(
                "can I deploy? {}: {}",
                output::paint(style, word),
                result.reason
            );
        }
        Format::Json => output::json(&json!({
            "ok": code == EXIT_OK,
            "deployable": match result.verdict {
                Verdict::Deployable => json!(true),
                Verdict::NotDeployable => json!(false),
                Verdict::Unknown => json!(null),
            },
            "reason": result.reason,
            "notices": result.notices,
            "attempts": result.attempts,
            "matrix": result.rows.iter().map(|row| json!({
                "consumer": row.consumer,
                "consumerVersion": row.consumer_version,
                "provider": row.provider,
                "providerVersion": row.provider_version,
                "success": row.success,
                "ignored": row.ignored,
            })).collect::<Vec<_>>(),
        })),
    }
    code
}

/// The arguments of `pact record-deployment`.
#[derive(Debug, Args)]
pub(crate) struct RecordDeploymentArgs {
    /// The pacticipant deployed.
    #[arg(short = 'a', long)]
    pacticipant: String,
    /// Its version.
    #[arg(short = 'e', long)]
    version: String,
    /// The environment it was deployed to.
    #[arg(long)]
    environment: String,
    /// The application instance, when several run in the environment.
    #[arg(long)]
    application_instance: Option<String>,
    #[command(flatten)]
    broker: BrokerArgs,
}

/// The arguments of `pact record-release`.
#[derive(Debug, Args)]
pub(crate) struct RecordReleaseArgs {
    /// The pacticipant released.
    #[arg(short = 'a', long)]
    pacticipant: String,
    /// Its version.
    #[arg(short = 'e', long)]
    version: String,
    /// The environment it was released to.
    #[arg(long)]
    environment: String,
    #[command(flatten)]
    broker: BrokerArgs,
}

fn recorded(broker: &BrokerArgs, what: &str, result: Result<(), BrokerError>, url: &str) -> u8 {
    match result {
        Ok(()) => {
            match broker.output {
                Format::Text => anstream::println!("{} {what}", output::paint(GOOD, "recorded")),
                Format::Json => output::json(&json!({"ok": true, "recorded": what})),
            }
            EXIT_OK
        }
        Err(error) => {
            let message = describe(&error);
            if broker.output == Format::Json {
                output::json(&json!({"ok": false, "error": message}));
            }
            output::error(&format!("cannot record {what} at {url}: {message}"));
            EXIT_FAILED
        }
    }
}

/// Runs `pact record-deployment`.
pub(crate) async fn record_deployment(args: RecordDeploymentArgs) -> u8 {
    let client = match args.broker.client() {
        Ok(client) => client,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let result = client
        .record_deployment(
            &args.pacticipant,
            &args.version,
            &args.environment,
            args.application_instance.as_deref(),
        )
        .await;
    let what = format!(
        "the deployment of {} {} to {}",
        args.pacticipant, args.version, args.environment
    );
    recorded(&args.broker, &what, result, client.base_url())
}

/// Runs `pact record-release`.
pub(crate) async fn record_release(args: RecordReleaseArgs) -> u8 {
    let client = match args.broker.client() {
        Ok(client) => client,
        Err(message) => {
            output::error(&message);
            return EXIT_USAGE;
        }
    };
    let result = client
        .record_release(&args.pacticipant, &args.version, &args.environment)
        .await;
    let what = format!(
        "the release of {} {} to {}",
        args.pacticipant, args.version, args.environment
    );
    recorded(&args.broker, &what, result, client.base_url())
}
