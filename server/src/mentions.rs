//! @mentions in internal notes (CONV-9): `@Lena` or `@Lena Vogel` names a
//! colleague, who then hears of the note in their desk.

use fiido_protocol::model::Agent;

/// Whether `text` has `@name` standing alone (not the start of a longer word).
fn names(text: &str, name: &str) -> bool {
    let lower = text.to_lowercase();
    let wanted = format!("@{}", name.to_lowercase());
    lower.match_indices(&wanted).any(|(at, _)| {
        lower[at + wanted.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The colleagues a note mentions, by full or first name, each once; never
/// its author.
pub fn mentioned<'a>(body: &str, colleagues: &'a [Agent], author_id: &str) -> Vec<&'a Agent> {
    colleagues
        .iter()
        .filter(|a| a.id != author_id)
        .filter(|a| {
            let first = a.name.split_whitespace().next().unwrap_or(&a.name);
            names(body, &a.name) || names(body, first)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiido_protocol::model::Role;

    fn agent(id: &str, name: &str) -> Agent {
        Agent {
            id: id.into(),
            email: format!("{id}@x"),
            name: name.into(),
            role: Role::Agent,
            store_ids: Vec::new(),
        }
    }

    #[test]
    fn names_by_full_or_first_name_once_and_never_the_author() {
        let team = [
            agent("1", "Lena Vogel"),
            agent("2", "Wei Zhang"),
            agent("3", "Lenard Oz"),
        ];
        let ids = |body: &str| -> Vec<&str> {
            mentioned(body, &team, "2")
                .iter()
                .map(|a| a.id.as_str())
                .collect()
        };
        assert_eq!(ids("@Lena can you check? @lena vogel too"), vec!["1"]);
        assert_eq!(ids("ask @Lenard, not Lena"), vec!["3"]);
        assert_eq!(ids("@Wei this is mine"), Vec::<&str>::new());
        assert_eq!(ids("mail lena@x.de"), Vec::<&str>::new());
        assert_eq!(ids("@LENA."), vec!["1"]);
    }
}
