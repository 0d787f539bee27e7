//! The checks: which interaction of which pact is verified against which provider. Each
//! interaction is verified once against the correct provider (it must pass), and each
//! aspect its rules pin down once against a provider broken in that aspect (it must fail).

use serde_json::json;

use super::provider::Break;

/// Who wrote the pact, and so who verifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Our consumer DSL wrote it; the official verifier verifies it.
    OursToOfficial,
    /// The official implementation (pact-python) wrote it; our verifier verifies it.
    OfficialToOurs,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::OursToOfficial => "ours-to-official",
            Direction::OfficialToOurs => "official-to-ours",
        }
    }
}

/// One check.
#[derive(Debug, Clone)]
pub struct Check {
    pub direction: Direction,
    /// `v2`, `v3` or `v4`.
    pub version: &'static str,
    /// The interaction verified (its description).
    pub description: &'static str,
    /// What the broken provider does wrong, or `None` for the correct provider.
    pub breakage: Option<(&'static str, Break)>,
}

impl Check {
    /// The trial's name: direction, version, interaction, and the broken aspect.
    pub fn name(&self) -> String {
        let base = format!(
            "{}/{}/{}",
            self.direction.name(),
            self.version,
            self.description
        );
        match &self.breakage {
            None => format!("{base}: passes"),
            Some((aspect, _)) => format!("{base}: fails when {aspect}"),
        }
    }
}

const USER: &str = "a request for a user";
const CREATE: &str = "a request to create a user";
const SEARCH: &str = "a search";
const LOGIN: &str = "a login with a form";
const MOTD: &str = "the message of the day";
const CATALOG: &str = "the catalog as XML";
const CATALOG_NS: &str = "the catalog as namespaced XML";
const CLOCK: &str = "the clock with generated values";
const ORDER: &str = "a request for an order";
const DELETE: &str = "a request to delete an order";
const PRICES: &str = "the prices by currency";
const LOGO: &str = "the logo as a PNG";
const UPLOAD: &str = "a multipart upload";
const HEALTH: &str = "the health check";

/// The interactions each pact holds, by version, as both consumers write them.
fn interactions(direction: Direction, version: &str) -> Vec<&'static str> {
    let mut all = vec![USER, CREATE, SEARCH, LOGIN, MOTD];
    if version != "v2" {
        all.extend([CATALOG, CLOCK, ORDER]);
        if direction == Direction::OursToOfficial {
            all.push(PRICES);
        }
    }
    if version == "v4" {
        all.extend([CATALOG_NS, DELETE, LOGO, UPLOAD]);
        match direction {
            Direction::OursToOfficial => all.push(HEALTH),
            Direction::OfficialToOurs => all.push(PRICES),
        }
    }
    all
}

/// The broken aspects checked, by version: (interaction, aspect, break). Both consumers
/// put rules on these aspects, so both verifiers must fail them.
fn breakages(direction: Direction, version: &str) -> Vec<(&'static str, &'static str, Break)> {
    use Break::{Body, DropHeader, Header, Remove, Replace, Set, Status};
    let mut all = vec![
        (
            USER,
            "the type-matched id is a string",
            Set("/id", json!("77")),
        ),
        (
            USER,
            "the e-mail misses its regex",
            Set("/email", json!("zed at example.org")),
        ),
        (USER, "the name is missing", Remove("/name")),
        (
            USER,
            "the roles are fewer than the minimum",
            Set("/roles", json!([])),
        ),
        (USER, "the status is 500", Status(500)),
        (
            USER,
            "the X-Trace header misses its regex",
            Header("X-Trace", "span-1"),
        ),
        (
            CREATE,
            "the Location header is missing",
            DropHeader("Location"),
        ),
        (
            SEARCH,
            "a result title is a number",
            Set("/results/1/title", json!(5)),
        ),
        (
            LOGIN,
            "the text body differs",
            Replace("welcome", "goodbye"),
        ),
        (MOTD, "the text body differs", Replace("Carpe", "Seize")),
    ];
    if version == "v2" {
        return all;
    }
    all.extend([
        (
            USER,
            "the integer age is a decimal",
            Set("/age", json!(51.5)),
        ),
        (USER, "the boolean is a string", Set("/active", json!("no"))),
        (
            CREATE,
            "the integer id is a string",
            Set("/id", json!("1234")),
        ),
        (
            SEARCH,
            "there are more results than the maximum",
            Set(
                "/results",
                json!([
                    {"id": 1, "title": "a"}, {"id": 2, "title": "b"}, {"id": 3, "title": "c"},
                    {"id": 4, "title": "d"}, {"id": 5, "title": "e"}, {"id": 6, "title": "f"}
                ]),
            ),
        ),
        (
            CATALOG,
            "an element's text differs",
            Replace("<price>4.25</price>", "<price>4.2</price>"),
        ),
        (
            CATALOG,
            "a child element is missing",
            Replace("<name>Clip</name>", ""),
        ),
        (
            CLOCK,
            "the generated date is not in its format",
            Set("/date", json!("08/07/2031")),
        ),
        (
            CLOCK,
            "the generated integer is a string",
            Set("/n", json!("8")),
        ),
        (
            CLOCK,
            "the generated regex value misses it",
            Set("/code", json!("zx-7")),
        ),
        (
            ORDER,
            "the decimal total is an integer",
            Set("/total", json!(19)),
        ),
        (
            ORDER,
            "the provider-state code differs",
            Set("/code", json!(7)),
        ),
    ]);
    if version == "v3" {
        all.extend([
            (
                USER,
                "the decimal score is an integer",
                Set("/score", json!(3)),
            ),
            (
                USER,
                "the date misses its format",
                Set("/born", json!("31/12/1990")),
            ),
            (
                USER,
                "the time misses its format",
                Set("/wake", json!("6h45")),
            ),
            (
                USER,
                "the timestamp misses its format",
                Set("/joined", json!("2021-03-04 05:06")),
            ),
            (
                USER,
                "the text does not include the word",
                Set("/bio", json!("likes wrapping")),
            ),
            (USER, "the null is a string", Set("/nickname", json!("Z"))),
            (USER, "the number is a string", Set("/balance", json!("12"))),
            (
                USER,
                "the uuid misses its regex",
                Set("/uuid", json!("0f1e2d3c")),
            ),
        ]);
        if direction == Direction::OursToOfficial {
            all.extend([
                (
                    USER,
                    "a value of a values-matched map has another type",
                    Set("/labels/site", json!(3)),
                ),
                (
                    PRICES,
                    "a rate of a values-matched map is an integer",
                    Set("/rates/jpy", json!(120)),
                ),
            ]);
        }
    }
    if version == "v4" {
        all.extend([
            (
                PRICES,
                "a key misses the each-key regex",
                Set("/rates", json!({"GBP": 9.75})),
            ),
            (
                PRICES,
                "a value misses the each-value rule",
                Set("/stock/clip", json!("none")),
            ),
            (
                PRICES,
                "no element matches a variant of array-contains",
                Set("/tags", json!(["clearance"])),
            ),
            (
                LOGO,
                "the binary body is not a PNG",
                Body("image/png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            ),
            (
                UPLOAD,
                "the response boolean is a string",
                Set("/stored", json!("yes")),
            ),
            (DELETE, "the status is 200", Status(200)),
            (
                CATALOG_NS,
                "an integer attribute is not a number",
                Replace("id=\"12\"", "id=\"x12\""),
            ),
        ]);
        if direction == Direction::OursToOfficial {
            all.extend([
                (
                    USER,
                    "the string is empty (not-empty)",
                    Set("/name", json!("")),
                ),
                (
                    USER,
                    "the version is not semver",
                    Set("/version", json!("2.10")),
                ),
                (
                    USER,
                    "the ip misses the IPv4 regex",
                    Set("/ip", json!("10.1.2")),
                ),
                (
                    USER,
                    "the equal-to value differs",
                    Set("/team", json!("red")),
                ),
                (
                    USER,
                    "the nullable value has another type",
                    Set("/nickname", json!(5)),
                ),
                (
                    USER,
                    "the roles are more than the maximum",
                    Set("/roles", json!(["a", "b", "c", "d", "e", "f"])),
                ),
                (
                    USER,
                    "an each-value map value has another type",
                    Set("/labels/site", json!(1)),
                ),
                (HEALTH, "the status is not a success", Status(500)),
                (
                    HEALTH,
                    "the header does not include the text",
                    Header("X-Served-By", "origin-1"),
                ),
                (
                    HEALTH,
                    "the not-empty array is empty",
                    Set("/checks", json!([])),
                ),
            ]);
        }
    }
    all
}

/// Every check, in a stable order.
pub fn all() -> Vec<Check> {
    let mut checks = Vec::new();
    for direction in [Direction::OursToOfficial, Direction::OfficialToOurs] {
        for version in ["v2", "v3", "v4"] {
            for description in interactions(direction, version) {
                checks.push(Check {
                    direction,
                    version,
                    description,
                    breakage: None,
                });
            }
            for (description, aspect, breakage) in breakages(direction, version) {
                checks.push(Check {
                    direction,
                    version,
                    description,
                    breakage: Some((aspect, breakage)),
                });
            }
        }
    }
    checks
}
