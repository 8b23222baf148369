//! Quick-reply variables (QR-2): `{customer_name}`, `{order_id}`,
//! `{bike_model}` (also `{model}`), `{agent_name}`, `{store_name}`,
//! `{tracking_no}`. A variable without a value stays in the text, written
//! out, and is reported missing, so it is never sent blank.

use serde::{Deserialize, Serialize};
use specta::Type;

/// The variables a reply may use, and the aliases the content uses.
pub const VARIABLES: &[&str] = &[
    "customer_name",
    "order_id",
    "bike_model",
    "model",
    "agent_name",
    "store_name",
    "tracking_no",
];

/// The values of one conversation's variables (None: unknown here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub customer_name: Option<String>,
    pub order_id: Option<String>,
    pub bike_model: Option<String>,
    pub agent_name: Option<String>,
    pub store_name: Option<String>,
    pub tracking_no: Option<String>,
}

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        let value = match name {
            "customer_name" => &self.customer_name,
            "order_id" => &self.order_id,
            "bike_model" | "model" => &self.bike_model,
            "agent_name" => &self.agent_name,
            "store_name" => &self.store_name,
            "tracking_no" => &self.tracking_no,
            _ => return None,
        };
        value.as_deref().filter(|v| !v.trim().is_empty())
    }
}

/// A reply with its variables filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FilledReply {
    /// The quick reply it was filled from.
    pub id: String,
    pub title: String,
    pub text: String,
    /// Variables with no value, still written as `{name}` in `text`.
    pub missing: Vec<String>,
}

/// Fills the known variables of `template`; unknown `{words}` and text
/// are kept as they are.
pub fn fill(template: &str, values: &Values) -> (String, Vec<String>) {
    let mut out = String::with_capacity(template.len());
    let mut missing: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if VARIABLES.contains(&&after[..close]) => {
                let name = &after[..close];
                match values.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                        if !missing.iter().any(|m| m == name) {
                            missing.push(name.to_owned());
                        }
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, missing)
}

/// The variables still unfilled in a text about to be sent.
pub fn unfilled(text: &str) -> Vec<String> {
    let (_, missing) = fill(text, &Values::default());
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn values() -> Values {
        Values {
            customer_name: Some("Anna".into()),
            order_id: Some("FD-100234".into()),
            bike_model: Some("D11".into()),
            agent_name: Some("Lena".into()),
            store_name: Some("Fiido Europe".into()),
            tracking_no: None,
        }
    }

    #[test]
    fn known_variables_are_filled_and_missing_ones_kept_and_reported() {
        let (text, missing) = fill(
            "Hi {customer_name}, your {model} ({order_id}) ships: {tracking_no}.",
            &values(),
        );
        assert_eq!(text, "Hi Anna, your D11 (FD-100234) ships: {tracking_no}.");
        assert_eq!(missing, vec!["tracking_no"]);
    }

    #[test]
    fn unknown_braces_and_unclosed_ones_stay_as_written() {
        let (text, missing) = fill("JSON {\"a\": 1} {unknown} {customer_name", &values());
        assert_eq!(text, "JSON {\"a\": 1} {unknown} {customer_name");
        assert!(missing.is_empty());
    }

    #[test]
    fn a_blank_value_counts_as_missing() {
        let mut v = values();
        v.customer_name = Some("  ".into());
        assert_eq!(fill("Hi {customer_name}", &v).1, vec!["customer_name"]);
    }

    proptest! {
        #[test]
        fn text_without_variables_is_unchanged(s in "[^{}]{0,60}") {
            prop_assert_eq!(fill(&s, &values()), (s.clone(), vec![]));
        }

        #[test]
        fn filling_never_leaves_a_known_variable_with_a_value_and_reports_exactly_the_rest(
            parts in prop::collection::vec((prop::sample::select(VARIABLES.to_vec()), "[^{}]{0,8}"), 0..8),
            known in prop::collection::vec(any::<bool>(), 6),
        ) {
            let values = Values {
                customer_name: known[0].then(|| "Ann".to_owned()),
                order_id: known[1].then(|| "FD-1".to_owned()),
                bike_model: known[2].then(|| "T1".to_owned()),
                agent_name: known[3].then(|| "Lena".to_owned()),
                store_name: known[4].then(|| "Fiido".to_owned()),
                tracking_no: known[5].then(|| "1Z9".to_owned()),
            };
            let template: String = parts.iter().map(|(var, text)| format!("{{{var}}}{text}")).collect();
            let (text, missing) = fill(&template, &values);
            for var in VARIABLES {
                let present = text.contains(&format!("{{{var}}}"));
                let has_value = values.get(var).is_some();
                prop_assert!(!(present && has_value), "{var} was left in although it has a value");
                prop_assert_eq!(missing.contains(&var.to_string()), present);
            }
            prop_assert_eq!(unfilled(&text), missing);
        }
    }
}
