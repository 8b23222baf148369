//! Measures suggested articles (KB-7) on the labelled set
//! `assets/eval/suggest_labelled.json` against the demo's articles: each
//! query method's precision@3, success@3 (a relevant article among the
//! three) and mean reciprocal rank, overall and per language.
//!
//! `fiido-suggest-eval [REPO_ROOT]` prints JSON; `--markdown` a table for
//! docs/suggestions.md; `--set heldout` measures the held-out set
//! (`assets/eval/suggest_heldout.json`, written without the glossary).

use std::collections::BTreeMap;
use std::path::PathBuf;

use fiido_desk_core::store::Store;
use fiido_desk_core::suggest::Method;
use fiido_protocol::api::SnapshotPage;
use fiido_protocol::model::{Article, Visibility};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct DemoArticle {
    category_path: Vec<String>,
    title: String,
    language: String,
    visibility: Visibility,
    body: String,
}

#[derive(Deserialize)]
struct Articles {
    articles: Vec<DemoArticle>,
}

#[derive(Deserialize)]
struct Case {
    language: String,
    message: String,
    relevant: Vec<String>,
}

#[derive(Deserialize)]
struct Labelled {
    cases: Vec<Case>,
}

/// The figures of one method (over all cases, or one language's).
#[derive(Debug, Default, Clone, Serialize)]
struct Figures {
    cases: usize,
    precision_at_3: f64,
    success_at_3: f64,
    mrr: f64,
}

fn methods() -> Vec<(&'static str, Method)> {
    vec![
        ("BM25 (words and CJK pairs)", Method::BM25),
        (
            "BM25 + 5-letter stems",
            Method {
                stem: Some(5),
                glossary: false,
            },
        ),
        ("BM25 + glossary (desk)", Method::DEFAULT),
        (
            "BM25 + 4-letter stems + glossary",
            Method {
                stem: Some(4),
                glossary: true,
            },
        ),
        (
            "BM25 + 5-letter stems + glossary",
            Method {
                stem: Some(5),
                glossary: true,
            },
        ),
        (
            "BM25 + 6-letter stems + glossary",
            Method {
                stem: Some(6),
                glossary: true,
            },
        ),
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = args.iter().any(|a| a == "--markdown");
    let set = args
        .iter()
        .position(|a| a == "--set")
        .and_then(|i| args.get(i + 1))
        .map_or("labelled", String::as_str);
    let root = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--set"))
        .map(|(_, a)| PathBuf::from(a))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
    let demo: Articles = serde_json::from_str(&std::fs::read_to_string(
        root.join("assets/demo/articles.json"),
    )?)?;
    let labelled: Labelled = serde_json::from_str(&std::fs::read_to_string(
        root.join(format!("assets/eval/suggest_{set}.json")),
    )?)?;

    let store = Store::open_in_memory()?;
    let articles: Vec<Article> = demo
        .articles
        .into_iter()
        .enumerate()
        .map(|(n, a)| Article {
            id: format!("a{n}"),
            store_id: None,
            category_path: a.category_path,
            title: a.title,
            body: a.body,
            language: a.language,
            visibility: a.visibility,
            uses: 0,
            updated_at: 0,
        })
        .collect();
    store.apply_snapshot_page(&SnapshotPage {
        articles,
        ..SnapshotPage::default()
    })?;

    let mut results: Vec<(String, Figures, BTreeMap<String, Figures>)> = Vec::new();
    for (name, method) in methods() {
        let mut all = Figures::default();
        let mut by_language: BTreeMap<String, Figures> = BTreeMap::new();
        for case in &labelled.cases {
            let top = store.suggest_articles(&case.message, 3, method)?;
            let hits: Vec<bool> = top
                .iter()
                .map(|a| case.relevant.contains(&a.title))
                .collect();
            let precision = hits.iter().filter(|h| **h).count() as f64 / 3.0;
            let success = if hits.iter().any(|h| *h) { 1.0 } else { 0.0 };
            let reciprocal = hits
                .iter()
                .position(|h| *h)
                .map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
            for figures in [
                &mut all,
                by_language.entry(case.language.clone()).or_default(),
            ] {
                figures.cases += 1;
                figures.precision_at_3 += precision;
                figures.success_at_3 += success;
                figures.mrr += reciprocal;
            }
        }
        for figures in std::iter::once(&mut all).chain(by_language.values_mut()) {
            let n = figures.cases.max(1) as f64;
            figures.precision_at_3 /= n;
            figures.success_at_3 /= n;
            figures.mrr /= n;
        }
        results.push((name.to_owned(), all, by_language));
    }

    if markdown {
        let cases = labelled.cases.len();
        let avg_relevant = labelled
            .cases
            .iter()
            .map(|c| c.relevant.len())
            .sum::<usize>() as f64
            / cases as f64;
        println!("{cases} labelled messages, {avg_relevant:.2} relevant articles each on average (so precision@3 can reach {:.3} at most).\n", labelled.cases.iter().map(|c| c.relevant.len().min(3) as f64 / 3.0).sum::<f64>() / cases as f64);
        println!("| Method | P@3 | Success@3 | MRR | P@3 zh | de | en | es | fr |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for (name, all, by) in &results {
            let lang = |l: &str| by.get(l).map_or(0.0, |f| f.precision_at_3);
            println!(
                "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                all.precision_at_3,
                all.success_at_3,
                all.mrr,
                lang("zh"),
                lang("de"),
                lang("en"),
                lang("es"),
                lang("fr")
            );
        }
    } else {
        let json: BTreeMap<String, serde_json::Value> = results
            .into_iter()
            .map(|(name, all, by)| (name, serde_json::json!({"all": all, "by_language": by})))
            .collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    Ok(())
}
