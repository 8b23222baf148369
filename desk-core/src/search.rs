//! The text side of search (CONV-7): what goes into the cache's FTS5
//! tables, how a typed query becomes an FTS5 expression, and which parts of
//! a result to highlight.
//!
//! Words go through FTS5's `unicode61` tokenizer with `remove_diacritics 2`
//! (Müller = Muller, case folded) and are matched as prefixes, so results
//! come while the agent types. Chinese, Japanese and Korean have no spaces:
//! `unicode61` would keep a whole sentence as one token, and FTS5's
//! `trigram` tokenizer cannot match fragments shorter than three characters.
//! So each CJK run is also written as its overlapping character pairs into a
//! second column (`我的车` → `我的 的车`): any 2-character fragment is then
//! one token, a longer one a phrase of pairs, and one character a prefix.
//! Typos are forgiven where the vocabulary is small (names, products,
//! articles): a word with no exact match also matches the words of the
//! table's vocabulary within an edit distance of 1 (2 for long words; swapping two
//! neighbouring letters counts as one edit).

use unicode_normalization::UnicodeNormalization;

use crate::views::Segment;

/// Whether a character belongs to a script written without spaces.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // Extensions B..F, Compatibility Supplement
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Lower case without diacritics, as the tokenizer compares words.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The second FTS5 column: each CJK run of `text` as overlapping pairs of
/// characters (a lone character as itself), separated by spaces.
pub fn cjk_pairs(text: &str) -> String {
    let mut out = String::new();
    for run in runs(text, is_cjk) {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            push_token(&mut out, &run);
        }
        for pair in chars.windows(2) {
            push_token(&mut out, &pair.iter().collect::<String>());
        }
    }
    out
}

fn push_token(out: &mut String, token: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(token);
}

/// The maximal runs of characters that satisfy `keep`.
pub(crate) fn runs(text: &str, keep: fn(char) -> bool) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if keep(c) {
            current.push(c);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// One piece of a typed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A folded word (letters and digits of space-separated scripts).
    Word(String),
    /// A run of CJK characters.
    Cjk(String),
}

/// A typed query, split the way the index was.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// The longest query taken; the rest is ignored.
pub const QUERY_MAX_CHARS: usize = 200;
/// At most this many terms are matched (each one narrows the results).
const TERMS_MAX: usize = 8;

impl Query {
    /// Splits a query into words and CJK runs; punctuation separates.
    pub fn parse(text: &str) -> Query {
        let text: String = text.chars().take(QUERY_MAX_CHARS).collect();
        let mut terms = Vec::new();
        let mut word = String::new();
        let mut cjk = String::new();
        let flush = |terms: &mut Vec<Term>, word: &mut String, cjk: &mut String| {
            if !word.is_empty() {
                terms.push(Term::Word(fold(&std::mem::take(word))));
            }
            if !cjk.is_empty() {
                terms.push(Term::Cjk(std::mem::take(cjk)));
            }
        };
        for c in text.chars() {
            if is_cjk(c) {
                if !word.is_empty() {
                    flush(&mut terms, &mut word, &mut String::new());
                }
                cjk.push(c);
            } else if is_word_char(c) {
                if !cjk.is_empty() {
                    flush(&mut terms, &mut String::new(), &mut cjk);
                }
                word.push(c);
            } else {
                flush(&mut terms, &mut word, &mut cjk);
            }
        }
        flush(&mut terms, &mut word, &mut cjk);
        terms.retain(|t| match t {
            Term::Word(w) => !w.is_empty(),
            Term::Cjk(c) => !c.is_empty(),
        });
        terms.truncate(TERMS_MAX);
        Query { terms }
    }

    /// True when nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 expression: every term must match. A word matches as a
    /// prefix (words shorter than `min_prefix` only whole), or as any of its
    /// `alternatives` (near spellings from the vocabulary). None when no term
    /// is long enough to search this table with.
    pub fn fts(
        &self,
        min_prefix: usize,
        alternatives: &mut dyn FnMut(&str) -> Vec<String>,
    ) -> Option<String> {
        let mut parts = Vec::new();
        for term in &self.terms {
            match term {
                Term::Word(w) => {
                    let own = if w.chars().count() >= min_prefix {
                        format!("{}*", quote(w))
                    } else {
                        quote(w)
                    };
                    let mut options = vec![own];
                    options.extend(alternatives(w).iter().map(|a| quote(a)));
                    parts.push(format!("text : ({})", options.join(" OR ")));
                }
                Term::Cjk(c) => {
                    let pairs = cjk_pairs(c);
                    if c.chars().count() == 1 {
                        parts.push(format!("cjk : {}*", quote(&pairs)));
                    } else {
                        parts.push(format!("cjk : {}", quote(&pairs)));
                    }
                }
            }
        }
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// The FTS5 expression for a table with 2- and 3-character prefix
    /// indexes and many rows (messages): a word is looked up by its first
    /// three characters only, which FTS5 reads lazily from the prefix index
    /// (a longer prefix would make it gather every posting first); the
    /// caller keeps the rows where [`Query::words_match`] holds. One-letter
    /// words are left out (they would match nearly everything). None when
    /// nothing is left to search with.
    pub fn fts_by_prefix_index(&self) -> Option<String> {
        let mut parts = Vec::new();
        for term in &self.terms {
            match term {
                Term::Word(w) => {
                    let head: String = w.chars().take(3).collect();
                    if head.chars().count() >= 2 {
                        parts.push(format!("text : {}*", quote(&head)));
                    }
                }
                Term::Cjk(_) => parts.extend(
                    Query {
                        terms: vec![term.clone()],
                    }
                    .fts(2, &mut |_| Vec::new()),
                ),
            }
        }
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// Whether every word of the query starts a word of `text` (folded):
    /// the check behind [`Query::fts_by_prefix_index`].
    pub fn words_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<String> = chars.iter().map(|c| fold(&c.to_string())).collect();
        self.terms.iter().all(|term| match term {
            Term::Word(w) if w.chars().count() > 3 => {
                let mut hit = vec![false; chars.len()];
                mark(&chars, &folded, w, true, &mut hit);
                hit.contains(&true)
            }
            _ => true,
        })
    }

    /// `text` cut to about `max_chars` around the first match, split into
    /// plain and matched segments (words matched at their start, CJK
    /// fragments anywhere, diacritics and case ignored).
    pub fn highlight(&self, text: &str, alternatives: &[String], max_chars: usize) -> Vec<Segment> {
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<String> = chars.iter().map(|c| fold(&c.to_string())).collect();
        let mut hit = vec![false; chars.len()];
        let needles: Vec<(Vec<String>, bool)> = self
            .terms
            .iter()
            .map(|t| match t {
                Term::Word(w) => (vec![w.clone()], true),
                Term::Cjk(c) => (vec![c.clone()], false),
            })
            .chain(alternatives.iter().map(|a| (vec![a.clone()], true)))
            .collect();
        for (needle, at_word_start) in needles {
            for n in needle {
                mark(&chars, &folded, &n, at_word_start, &mut hit);
            }
        }
        let first = hit.iter().position(|h| *h).unwrap_or(0);
        let start = if chars.len() <= max_chars {
            0
        } else {
            first
                .saturating_sub(max_chars / 4)
                .min(chars.len() - max_chars)
        };
        let end = (start + max_chars).min(chars.len());
        let mut segments: Vec<Segment> = Vec::new();
        if start > 0 {
            segments.push(Segment {
                text: "…".into(),
                hit: false,
            });
        }
        for i in start..end {
            let c = if chars[i] == '\n' { ' ' } else { chars[i] };
            match segments.last_mut() {
                Some(last) if last.hit == hit[i] && !(i == start && start > 0) => last.text.push(c),
                _ => segments.push(Segment {
                    text: c.to_string(),
                    hit: hit[i],
                }),
            }
        }
        if end < chars.len() {
            segments.push(Segment {
                text: "…".into(),
                hit: false,
            });
        }
        segments
    }
}

/// Marks where the folded `needle` occurs in the folded characters.
fn mark(chars: &[char], folded: &[String], needle: &str, at_word_start: bool, hit: &mut [bool]) {
    if needle.is_empty() {
        return;
    }
    for start in 0..chars.len() {
        if at_word_start && start > 0 && is_word_char(chars[start - 1]) {
            continue;
        }
        let mut rest = needle;
        let mut end = start;
        while !rest.is_empty() && end < chars.len() {
            match rest.strip_prefix(folded[end].as_str()) {
                Some(r) if !folded[end].is_empty() => {
                    rest = r;
                    end += 1;
                }
                _ => break,
            }
        }
        if rest.is_empty() {
            hit[start..end].iter_mut().for_each(|h| *h = true);
        }
    }
}

/// An FTS5 string literal.
pub(crate) fn quote(token: &str) -> String {
    format!("\"{}\"", token.replace('"', "\"\""))
}

/// The vocabulary words within a small edit distance of `word` (1 up to six
/// characters, 2 beyond; words under four characters get none), closest
/// first, at most `max`.
pub fn near_spellings(word: &str, vocabulary: &[String], max: usize) -> Vec<String> {
    let len = word.chars().count();
    if len < 4 {
        return Vec::new();
    }
    let allowed = if len <= 6 { 1 } else { 2 };
    let mut near: Vec<(usize, &String)> = vocabulary
        .iter()
        .filter(|t| t.as_str() != word && t.chars().count().abs_diff(len) <= allowed)
        .map(|t| (strsim::osa_distance(word, t), t))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    near.sort();
    near.into_iter().take(max).map(|(_, t)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn joined(segments: &[Segment]) -> String {
        segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn hits(segments: &[Segment]) -> Vec<String> {
        segments
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.clone())
            .collect()
    }

    #[test]
    fn diacritics_and_case_fold_away() {
        assert_eq!(fold("Müller ÉLODIE"), "muller elodie");
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(cjk_pairs("我的车 ok 好"), "我的 的车 好");
        assert_eq!(cjk_pairs("no cjk"), "");
    }

    #[test]
    fn a_query_splits_into_words_and_cjk_runs() {
        let q = Query::parse("Müller, FD-124085 电池坏了");
        assert_eq!(
            q.terms,
            vec![
                Term::Word("muller".into()),
                Term::Word("fd".into()),
                Term::Word("124085".into()),
                Term::Cjk("电池坏了".into()),
            ]
        );
        let fts = q.fts(2, &mut |_| Vec::new()).unwrap();
        assert_eq!(
            fts,
            "text : (\"muller\"*) AND text : (\"fd\"*) AND text : (\"124085\"*) AND cjk : \"电池 池坏 坏了\""
        );
    }

    #[test]
    fn near_spellings_allow_one_edit_for_short_words_and_two_for_long_ones() {
        let vocabulary: Vec<String> = ["jonas", "jones", "johannes", "jon", "janina"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            near_spellings("jonsa", &vocabulary, 5),
            vec!["jonas"],
            "a swap is one edit"
        );
        assert_eq!(near_spellings("jonass", &vocabulary, 5), vec!["jonas"]);
        assert_eq!(
            near_spellings("johanes", &vocabulary, 5),
            vec!["johannes", "jones"],
            "closest first"
        );
        assert!(near_spellings("jon", &vocabulary, 5).is_empty());
    }

    #[test]
    fn highlights_mark_word_starts_and_cjk_fragments() {
        let q = Query::parse("mull 电池");
        let segments = q.highlight("Frau Müller: mein 电池 ist kaputt", &[], 200);
        assert_eq!(joined(&segments), "Frau Müller: mein 电池 ist kaputt");
        assert_eq!(hits(&segments), vec!["Müll", "电池"]);
        let none = Query::parse("ller").highlight("Müller", &[], 200);
        assert!(hits(&none).is_empty(), "only at the start of a word");
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!("{} needle {}", "a ".repeat(200), "b ".repeat(200));
        let segments = Query::parse("needle").highlight(&text, &[], 60);
        assert_eq!(segments.first().unwrap().text, "…");
        assert_eq!(segments.last().unwrap().text, "…");
        assert_eq!(hits(&segments), vec!["needle"]);
        assert!(joined(&segments).chars().count() <= 62);
    }

    #[test]
    fn long_words_use_the_three_character_prefix_index_and_are_checked_after() {
        let q = Query::parse("tracking x 电池");
        assert_eq!(
            q.fts_by_prefix_index().unwrap(),
            "text : \"tra\"* AND cjk : \"电池\""
        );
        assert!(q.words_match("Your TRACKING number"));
        assert!(!q.words_match("the track is long"));
        assert!(!q.words_match("retracking"), "only at the start of a word");
        assert!(Query::parse("x").fts_by_prefix_index().is_none());
    }

    proptest! {
        #[test]
        fn any_typed_query_is_a_valid_fts5_expression(query in "\\PC{0,60}") {
            let conn = rusqlite::Connection::open_in_memory().unwrap();
            conn.execute_batch(
                "CREATE VIRTUAL TABLE t USING fts5(text, cjk, tokenize = 'unicode61 remove_diacritics 2');
                 INSERT INTO t (text, cjk) VALUES ('Müller 电池 fd 124085', '电池');",
            )
            .unwrap();
            let parsed = Query::parse(&query);
            if let Some(expr) = parsed.fts(2, &mut |w| vec![format!("{w}x")]) {
                let result: rusqlite::Result<i64> =
                    conn.query_row("SELECT COUNT(*) FROM t WHERE t MATCH ?1", [&expr], |r| r.get(0));
                prop_assert!(result.is_ok(), "{expr}: {result:?}");
            } else {
                prop_assert!(parsed.is_empty());
            }
        }

        #[test]
        fn highlighting_keeps_the_text_and_never_panics(text in "\\PC{0,120}", query in "\\PC{0,20}") {
            let segments = Query::parse(&query).highlight(&text, &[], 500);
            let expected: String = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
            prop_assert_eq!(joined(&segments), expected);
        }
    }
}
