//! The statistics every workload reports, computed the same way for every implementation
//! (WORKLOADS.md "Common rules"), and the JSON line they are printed as.

use std::time::Duration;

use serde_json::{Value, json};

/// The value of `"impl"` in every line this binary prints.
pub(crate) const IMPL: &str = "pact-rs";

/// A sample of wall-clock times, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Summary {
    pub(crate) iterations: usize,
    pub(crate) median: f64,
    pub(crate) p90: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) mean: f64,
}

impl Summary {
    /// Summarises `samples` (any unit); `None` for an empty sample.
    pub(crate) fn of(samples: &[f64]) -> Option<Summary> {
        let n = samples.len();
        if n == 0 {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        // The mean of the two middle values for an even count.
        let median = if n.is_multiple_of(2) {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        } else {
            sorted[n / 2]
        };
        // Nearest rank: the value at rank ceil(0.9 n), ranks counted from 1.
        let rank = (9 * n).div_ceil(10);
        Some(Summary {
            iterations: n,
            median,
            p90: sorted[rank - 1],
            min: sorted[0],
            max: sorted[n - 1],
            mean: sorted.iter().sum::<f64>() / n as f64,
        })
    }

    /// The common fields of a result line, in the order WORKLOADS.md lists them.
    pub(crate) fn line(&self, name: &str, variant: Option<&str>, unit: &str) -> Line {
        let mut line = Line::new(name);
        if let Some(variant) = variant {
            line.field("variant", variant);
        }
        line.field("iterations", self.iterations)
            .field("median", round(self.median))
            .field("p90", round(self.p90))
            .field("min", round(self.min))
            .field("max", round(self.max))
            .field("mean", round(self.mean))
            .field("unit", unit);
        line
    }
}

/// One JSON result line, fields in insertion order.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    fields: Vec<(String, Value)>,
}

impl Line {
    /// A line for workload `name`.
    pub(crate) fn new(name: &str) -> Line {
        let mut line = Line { fields: Vec::new() };
        line.field("impl", IMPL).field("name", name);
        line
    }

    /// Adds (or replaces) a field.
    pub(crate) fn field(&mut self, key: &str, value: impl Into<Value>) -> &mut Line {
        let value = value.into();
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((key.to_owned(), value)),
        }
        self
    }

    /// The line as compact JSON. serde_json's map sorts keys unless its `preserve_order`
    /// feature is on, so the text is assembled field by field to keep the documented order.
    pub(crate) fn render(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::String(k.clone())))
            .collect();
        format!("{{{}}}", parts.join(","))
    }

    /// Prints the line on standard output, the only thing workloads print there.
    pub(crate) fn emit(&self) {
        println!("{}", self.render());
    }

    /// The fields as a JSON object (for tests).
    #[cfg(test)]
    fn to_value(&self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .cloned()
                .collect::<serde_json::Map<String, Value>>(),
        )
    }
}

/// Milliseconds with microsecond resolution, as a float.
pub(crate) fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Rounds to three decimals (microseconds when the unit is ms) so lines stay readable.
pub(crate) fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The process's peak resident set size in kB (`VmHWM` in `/proc/self/status`), where
/// the platform has it.
pub(crate) fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `vm_hwm_kb` as a JSON value (`null` where unavailable).
pub(crate) fn vm_hwm_json() -> Value {
    vm_hwm_kb().map_or(Value::Null, |kb| json!(kb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let summary = Summary::of(&[4.0, 1.0, 3.0, 2.0]).expect("a sample");
        assert_eq!(summary.median, 2.5);
        assert_eq!((summary.min, summary.max, summary.mean), (1.0, 4.0, 2.5));
    }

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_value() {
        let summary = Summary::of(&[5.0, 1.0, 3.0]).expect("a sample");
        assert_eq!(summary.median, 3.0);
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(Summary::of(&twenty).expect("a sample").p90, 18.0);
        let five: Vec<f64> = (1..=5).map(f64::from).collect();
        assert_eq!(Summary::of(&five).expect("a sample").p90, 5.0);
        assert_eq!(Summary::of(&[7.0]).expect("a sample").p90, 7.0);
    }

    #[test]
    fn an_empty_sample_has_no_summary() {
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn lines_keep_the_documented_field_order() {
        let summary = Summary::of(&[1.0, 2.0]).expect("a sample");
        let mut line = summary.line("large_body_match", Some("min-1"), "ms");
        line.field("vm_hwm_kb", 1234);
        let text = line.render();
        assert!(
            text.starts_with(r#"{"impl":"pact-rs","name":"large_body_match","variant":"min-1","iterations":2,"median":1.5"#),
            "{text}"
        );
        let parsed: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed, line.to_value());
    }

    #[test]
    fn vm_hwm_is_read_from_the_status_text() {
        let status = "Name:\tx\nVmPeak:\t  100 kB\nVmHWM:\t   5120 kB\nVmRSS:\t 4000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(5120));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }
}
