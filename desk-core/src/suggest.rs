//! Suggested articles (KB-7): the customer's latest message becomes a BM25
//! query over the articles' FTS5 index. Words match whole (or by a short
//! stem, measured worse), CJK text by character pairs, and a cross-language
//! glossary (`assets/suggest/glossary.json`) adds the same concept in the
//! other four languages, so a French "batterie" finds the English battery
//! article. Measured on a labelled set: `docs/suggestions.md`.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::search::{cjk_pairs, fold, is_cjk, is_word_char, quote, runs};

/// How a message is turned into a query; the evaluation compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    /// Words of five letters or more match by their first `stem` letters.
    pub stem: Option<usize>,
    /// The glossary adds each concept's words in the other languages.
    pub glossary: bool,
}

impl Method {
    /// Plain BM25 over the message's words and CJK pairs.
    pub const BM25: Method = Method {
        stem: None,
        glossary: false,
    };
    /// What the desk uses: the glossary, whole words (stems measured worse:
    /// docs/suggestions.md).
    pub const DEFAULT: Method = Method {
        stem: None,
        glossary: true,
    };
}

/// Words too common to say anything about the question, per language.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "you", "your", "with", "this", "that", "have", "has", "was", "are", "can",
    "not", "but", "from", "what", "when", "how", "there", "they", "would", "could", "please",
    "thanks", "thank", "hello", "hi", "hey", "der", "die", "das", "und", "ist", "ich", "mit",
    "ein", "eine", "nicht", "sie", "mein", "meine", "bitte", "danke", "hallo", "wie", "kann",
    "les", "des", "une", "est", "pas", "pour", "que", "qui", "mon", "vous", "bonjour", "merci",
    "est", "avec", "los", "las", "una", "por", "para", "que", "con", "mi", "hola", "gracias",
    "del", "como", "puedo",
];

#[derive(Deserialize)]
struct GlossaryFile {
    groups: Vec<HashMap<String, Vec<String>>>,
}

/// The cross-language glossary: each concept's words in five languages.
struct Glossary {
    /// Every term of each concept, folded.
    groups: Vec<Vec<String>>,
    /// Single-word terms → their concept.
    by_word: HashMap<String, usize>,
    /// Phrases and CJK terms (matched inside the text) → their concept.
    phrases: Vec<(String, usize)>,
}

static GLOSSARY: LazyLock<Glossary> = LazyLock::new(|| {
    let file: GlossaryFile =
        serde_json::from_str(include_str!("../../assets/suggest/glossary.json"))
            .expect("assets/suggest/glossary.json is valid (checked by its test)");
    let mut glossary = Glossary {
        groups: Vec::new(),
        by_word: HashMap::new(),
        phrases: Vec::new(),
    };
    for (n, group) in file.groups.iter().enumerate() {
        let terms: Vec<String> = group.values().flatten().map(|t| fold(t.trim())).collect();
        for term in &terms {
            if term.contains(' ') || term.chars().any(is_cjk) {
                glossary.phrases.push((term.clone(), n));
            } else {
                glossary.by_word.entry(term.clone()).or_insert(n);
            }
        }
        glossary.groups.push(terms);
    }
    glossary
});

/// The FTS5 expression that ranks articles for `message` (OR of every
/// term; BM25 weighs them), or None when nothing in it is searchable.
pub fn query(message: &str, method: Method) -> Option<String> {
    let folded = fold(message);
    let words: Vec<String> = runs(&folded, is_word_char)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()))
        .collect();
    let mut text_terms: BTreeSet<String> = BTreeSet::new();
    let mut cjk_terms: BTreeSet<String> = BTreeSet::new();
    let stemmed = |w: &str| -> String {
        match method.stem {
            Some(n) if w.chars().count() >= n && !w.chars().any(|c| c.is_ascii_digit()) => {
                format!("{}*", quote(&w.chars().take(n).collect::<String>()))
            }
            _ => quote(w),
        }
    };
    for word in &words {
        text_terms.insert(stemmed(word));
    }
    for run in runs(message, is_cjk) {
        for pair in cjk_pairs(&run).split(' ').filter(|p| !p.is_empty()) {
            cjk_terms.insert(quote(pair));
        }
    }
    if method.glossary {
        let glossary = &*GLOSSARY;
        let padded = format!(
            " {} ",
            runs(&folded, |c| is_word_char(c) || is_cjk(c)).join(" ")
        );
        let mut concepts: BTreeSet<usize> = words
            .iter()
            .filter_map(|w| glossary.by_word.get(w).copied())
            .collect();
        for (phrase, n) in &glossary.phrases {
            let found = if phrase.chars().any(is_cjk) {
                folded.contains(phrase.as_str())
            } else {
                padded.contains(&format!(" {phrase} "))
            };
            if found {
                concepts.insert(*n);
            }
        }
        for n in concepts {
            for term in &glossary.groups[n] {
                if term.chars().any(is_cjk) {
                    for pair in cjk_pairs(term).split(' ').filter(|p| !p.is_empty()) {
                        cjk_terms.insert(quote(pair));
                    }
                } else if term.contains(' ') {
                    text_terms.insert(quote(term));
                } else {
                    text_terms.insert(stemmed(term));
                }
            }
        }
    }
    let mut parts = Vec::new();
    if !text_terms.is_empty() {
        parts.push(format!(
            "text : ({})",
            text_terms.into_iter().collect::<Vec<_>>().join(" OR ")
        ));
    }
    if !cjk_terms.is_empty() {
        parts.push(format!(
            "cjk : ({})",
            cjk_terms.into_iter().collect::<Vec<_>>().join(" OR ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_loads_and_bridges_languages() {
        assert!(GLOSSARY.groups.len() > 50);
        let q = query("Ma batterie ne charge plus", Method::DEFAULT).unwrap();
        assert!(q.contains("\"batterie\""), "{q}");
        assert!(q.contains("\"akku\""), "the German word joins: {q}");
        assert!(q.contains("\"电池\""), "and the Chinese one: {q}");
    }

    #[test]
    fn plain_bm25_keeps_only_the_message() {
        let q = query("Ma batterie ne charge plus", Method::BM25).unwrap();
        assert!(!q.contains("akku"), "{q}");
        assert!(q.contains("\"batterie\""), "{q}");
    }

    #[test]
    fn chinese_is_matched_by_character_pairs() {
        let q = query("电池充不进电", Method::BM25).unwrap();
        assert!(q.starts_with("cjk : ("), "{q}");
        assert!(q.contains("\"电池\"") && q.contains("\"充不\""), "{q}");
    }

    #[test]
    fn nothing_searchable_gives_no_query() {
        assert_eq!(query("?! …", Method::DEFAULT), None);
        assert_eq!(query("hi", Method::DEFAULT), None);
    }

    proptest::proptest! {
        #[test]
        fn any_message_gives_a_valid_fts5_expression(message in "\\PC{0,300}") {
            if let Some(q) = query(&message, Method::DEFAULT) {
                let conn = rusqlite::Connection::open_in_memory().unwrap();
                conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(text, cjk)").unwrap();
                let run = conn.query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [&q], |r| r.get::<_, i64>(0));
                proptest::prop_assert!(run.is_ok(), "{q}: {run:?}");
            }
        }
    }
}
