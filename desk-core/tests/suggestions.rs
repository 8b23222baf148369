//! Suggested articles (issue 12, KB-7) on the labelled set: the desk's
//! method (BM25 with the cross-language glossary) keeps its measured
//! precision@3 (docs/suggestions.md) and beats plain BM25 in every language.

use serde_json::Value;

/// The evaluation's figures (JSON) on the set `args` name.
fn evaluate(args: &[&str]) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fiido-suggest-eval"))
        .args(args)
        .output()
        .expect("the evaluation runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_desks_ranking_keeps_its_precision_on_the_labelled_set() {
    let figures = evaluate(&[]);
    let desk = &figures["BM25 + glossary (desk)"];
    let plain = &figures["BM25 (words and CJK pairs)"];
    let p3 = desk["all"]["precision_at_3"].as_f64().unwrap();
    assert!(p3 >= 0.50, "precision@3 fell to {p3:.3}");
    assert!(desk["all"]["success_at_3"].as_f64().unwrap() >= 0.95);
    for language in ["zh", "en", "de", "fr", "es"] {
        let ours = desk["by_language"][language]["precision_at_3"]
            .as_f64()
            .unwrap();
        let base = plain["by_language"][language]["precision_at_3"]
            .as_f64()
            .unwrap();
        assert!(
            ours > base,
            "{language}: {ours:.3} is not above plain BM25's {base:.3}"
        );
    }
}

/// On the held-out set (written without seeing the glossary), the glossary
/// still beats plain BM25 overall: its gain is not only the labelled set's.
#[test]
fn the_glossary_helps_on_messages_it_was_not_written_for() {
    let figures = evaluate(&["--set", "heldout"]);
    let ours = figures["BM25 + glossary (desk)"]["all"]["precision_at_3"]
        .as_f64()
        .unwrap();
    let base = figures["BM25 (words and CJK pairs)"]["all"]["precision_at_3"]
        .as_f64()
        .unwrap();
    assert!(
        ours > base,
        "held-out: {ours:.3} is not above plain BM25's {base:.3}"
    );
}
