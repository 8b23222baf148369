//! Who takes a new conversation (AUTO-6), decided by a pure function so the
//! rules are tested on their own: among the agents who are available and
//! under their capacity, prefer seniors for VIP customers, then those who
//! speak the customer's language, then those with the skill the first
//! message asks for; each preference narrows the choice only when someone
//! fits it. Round robin among the rest: the one who was given a
//! conversation longest ago. Nobody free: the conversation waits in the
//! store's queue, oldest first.

use fiido_protocol::model::RoutingProfile;

/// An agent who could take the conversation: serves its store and is available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub profile: RoutingProfile,
    /// Open conversations they carry now.
    pub open: i64,
    /// When they were last given a conversation (Unix ms; 0 for never).
    pub last_assigned_at: i64,
}

/// What the new conversation asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Need {
    pub vip: bool,
    pub language: Option<String>,
    pub skill: Option<String>,
}

/// Words in a first message that call for a skill, in English, German and
/// Chinese. Fixed here rather than configured: they describe the products.
const SKILL_WORDS: &[(&str, &[&str])] = &[
    (
        "technical",
        &[
            "error", "e10", "e21", "battery", "charger", "motor", "display", "fehler", "akku",
            "故障", "电池", "充电",
        ],
    ),
    (
        "after-sales",
        &[
            "refund",
            "return",
            "warranty",
            "broken",
            "damaged",
            "rückgabe",
            "erstattung",
            "garantie",
            "退款",
            "退货",
            "保修",
        ],
    ),
    (
        "pre-sales",
        &[
            "which bike",
            "price",
            "discount",
            "in stock",
            "compare",
            "welches",
            "preis",
            "rabatt",
            "哪款",
            "价格",
            "优惠",
        ],
    ),
];

/// The skill a first message calls for, if any.
pub fn skill_of(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    SKILL_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(skill, _)| *skill)
}

/// Narrows `pool` to those for whom `fits` holds, unless nobody does.
fn prefer(pool: Vec<&Candidate>, fits: impl Fn(&Candidate) -> bool) -> Vec<&Candidate> {
    let fitting: Vec<&Candidate> = pool.iter().copied().filter(|c| fits(c)).collect();
    if fitting.is_empty() {
        pool
    } else {
        fitting
    }
}

/// The agent to take the conversation, or None: it waits in the queue.
pub fn choose<'a>(need: &Need, candidates: &'a [Candidate]) -> Option<&'a Candidate> {
    let mut pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.open < c.profile.capacity)
        .collect();
    if need.vip {
        pool = prefer(pool, |c| c.profile.senior);
    }
    if let Some(language) = &need.language {
        pool = prefer(pool, |c| c.profile.languages.iter().any(|l| l == language));
    }
    if let Some(skill) = &need.skill {
        pool = prefer(pool, |c| c.profile.skills.iter().any(|s| s == skill));
    }
    pool.into_iter().min_by(|a, b| {
        (a.last_assigned_at, a.open, &a.id).cmp(&(b.last_assigned_at, b.open, &b.id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agent(
        id: &str,
        languages: &[&str],
        skills: &[&str],
        senior: bool,
        capacity: i64,
    ) -> Candidate {
        Candidate {
            id: id.into(),
            profile: RoutingProfile {
                languages: languages.iter().map(|s| s.to_string()).collect(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                senior,
                capacity,
            },
            open: 0,
            last_assigned_at: 0,
        }
    }

    fn need(vip: bool, language: Option<&str>, skill: Option<&str>) -> Need {
        Need {
            vip,
            language: language.map(Into::into),
            skill: skill.map(Into::into),
        }
    }

    #[test]
    fn vip_goes_to_a_senior_language_and_skill_narrow_when_someone_fits() {
        let team = [
            agent("anna", &["de", "en"], &["technical"], false, 5),
            agent("bo", &["zh", "en"], &["after-sales"], false, 5),
            agent("cara", &["en"], &[], true, 5),
        ];
        let pick = |n: &Need| choose(n, &team).map(|c| c.id.as_str());
        assert_eq!(
            pick(&need(true, Some("de"), None)),
            Some("cara"),
            "VIP first to a senior"
        );
        assert_eq!(pick(&need(false, Some("zh"), None)), Some("bo"));
        assert_eq!(
            pick(&need(false, Some("de"), Some("after-sales"))),
            Some("anna"),
            "language before skill"
        );
        assert_eq!(
            pick(&need(false, Some("fr"), Some("after-sales"))),
            Some("bo"),
            "nobody speaks French: skill decides"
        );
        assert_eq!(
            pick(&need(false, None, None)),
            Some("anna"),
            "round robin from the start"
        );
    }

    #[test]
    fn a_full_or_zero_capacity_agent_is_passed_over_and_nobody_free_means_the_queue() {
        let mut team = [
            agent("anna", &["de"], &[], false, 2),
            agent("lead", &["de"], &[], true, 0),
        ];
        team[0].open = 1;
        assert_eq!(
            choose(&need(true, Some("de"), None), &team).map(|c| c.id.as_str()),
            Some("anna")
        );
        team[0].open = 2;
        assert_eq!(choose(&need(false, None, None), &team), None);
    }

    #[test]
    fn skills_are_read_from_the_first_message_in_three_languages() {
        assert_eq!(skill_of("My display shows E10"), Some("technical"));
        assert_eq!(skill_of("Ich möchte eine Rückgabe"), Some("after-sales"));
        assert_eq!(skill_of("这款车什么价格"), Some("pre-sales"));
        assert_eq!(skill_of("Hello!"), None);
    }

    #[test]
    fn round_robin_is_fair_over_a_thousand_assignments() {
        let mut team: Vec<Candidate> = (0..7)
            .map(|i| agent(&format!("a{i}"), &["en"], &[], false, 1_000))
            .collect();
        for now in 1..=1_000 {
            let id = choose(&need(false, Some("en"), None), &team)
                .unwrap()
                .id
                .clone();
            let chosen = team.iter_mut().find(|c| c.id == id).unwrap();
            chosen.open += 1;
            chosen.last_assigned_at = now;
        }
        let counts: Vec<i64> = team.iter().map(|c| c.open).collect();
        let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(max - min <= 1, "7 agents, 1000 conversations: {counts:?}");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Arrive { vip: bool, language: u8 },
        Close { agent: usize },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (any::<bool>(), 0u8..4).prop_map(|(vip, language)| Step::Arrive { vip, language }),
            1 => (0usize..5).prop_map(|agent| Step::Close { agent }),
        ]
    }

    proptest! {
        #[test]
        fn no_agent_is_ever_given_more_than_their_capacity(
            capacities in proptest::collection::vec(0i64..4, 1..5),
            steps in proptest::collection::vec(step(), 1..200),
        ) {
            const LANGUAGES: [&str; 4] = ["en", "de", "zh", "fr"];
            let mut team: Vec<Candidate> = capacities
                .iter()
                .enumerate()
                .map(|(i, &capacity)| agent(&format!("a{i}"), &[LANGUAGES[i % 4]], &[], i % 2 == 0, capacity))
                .collect();
            let mut queue = 0usize;
            for (now, step) in (1..).zip(steps) {
                match step {
                    Step::Arrive { vip, language } => {
                        let wanted = need(vip, Some(LANGUAGES[usize::from(language)]), None);
                        match choose(&wanted, &team).map(|c| c.id.clone()) {
                            Some(id) => {
                                let c = team.iter_mut().find(|c| c.id == id).unwrap();
                                c.open += 1;
                                c.last_assigned_at = now;
                            }
                            None => queue += 1,
                        }
                    }
                    Step::Close { agent } => {
                        if let Some(c) = team.get_mut(agent) {
                            if c.open > 0 {
                                c.open -= 1;
                                // A freed place takes the oldest queued conversation.
                                if queue > 0 {
                                    queue -= 1;
                                    c.open += 1;
                                }
                            }
                        }
                    }
                }
                for c in &team {
                    prop_assert!(c.open <= c.profile.capacity, "{} carries {} of {}", c.id, c.open, c.profile.capacity);
                }
            }
        }
    }
}
