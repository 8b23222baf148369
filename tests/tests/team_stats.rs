//! The team-stats window in the real app (issue 11, acceptance 2; STAT-1,
//! STAT-2): an agent's desk has no entry for it and the API refuses them the
//! figures (their own dashboard they have); the lead opens it as a second OS window (the WebDriver session
//! switches to it) and sees today's figures move when a customer writes
//! through the widget's API and an agent answers, and the rating a customer
//! gives in the widget (headless Chromium) after the chat closes; the
//! reports export to an
//! XLSX that a real reader (openpyxl) finds the desk's figures in.

use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;
use serde_json::json;

/// The first number in a tile's text.
async fn number_in(desk: &Desk, css: &str) -> i64 {
    let text = desk.texts(css).await.concat();
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| !w.is_empty())
        .and_then(|w| w.parse().ok())
        .unwrap_or(-1)
}

#[tokio::test]
async fn the_lead_watches_the_team_live_in_its_own_window_and_agents_have_no_entry() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;

    // An agent: no entry, and the API says no.
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.element(&testid("nav-tickets")).await;
    assert!(
        desk.all(&testid("nav-stats")).await.is_empty(),
        "agents have no team-stats entry"
    );
    let (status, _) = server
        .get(&lena.token, "/api/v1/stats/team?from=0&to=86400000")
        .await;
    assert_eq!(status, 403);
    // Their own figures they have (STAT-2).
    desk.click(&testid("nav-my-stats")).await;
    desk.until("the agent's own dashboard", || async {
        desk.texts(&testid("my-rank"))
            .await
            .concat()
            .contains(" in the team")
    })
    .await;
    desk.close().await;

    // The lead opens the window.
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    desk.click(&testid("nav-stats")).await;
    desk.switch_to_window("#team-stats").await;
    let requests = "[data-testid=stat-requests] .value";
    desk.until("today's figures", || async {
        number_in(&desk, requests).await >= 0
    })
    .await;
    let before = number_in(&desk, requests).await;
    let answered = "[data-testid=stat-requests] .sub";
    let answered_before = number_in(&desk, answered).await;

    // A customer writes (as the simulator does, through the widget's API).
    let (visitor, conversation) = server.visitor("fiido-eu", "Stella Stats").await;
    server.visitor_says(&visitor, "Is the D11 in stock?").await;
    desk.until("the new conversation counted", || async {
        number_in(&desk, requests).await == before + 1
    })
    .await;

    // An agent answers.
    let (status, body) = server
        .post(
            &lena.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"body": "Yes, in both colours."}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    desk.until("the answer counted", || async {
        number_in(&desk, answered).await == answered_before + 1
    })
    .await;
    // The survey in a real browser (acceptance 3): a customer in headless
    // Chromium writes, the chat is closed, they give 5 stars; the window
    // shows the rating.
    let ratings = "[data-testid=stat-satisfaction] .sub";
    let ratings_before = number_in(&desk, ratings).await;
    let mut customer = std::process::Command::new("node")
        .args(["e2e/survey.mjs", &server.base, "5"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../widget"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run the customer's browser");
    let stdout = customer.stdout.take().unwrap();
    let first_line = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(stdout).lines();
        lines.next().and_then(Result::ok).unwrap_or_default()
    });
    let line = tokio::time::timeout(std::time::Duration::from_secs(60), first_line)
        .await
        .expect("the customer's chat in time")
        .unwrap();
    let chat = line
        .strip_prefix("conversation ")
        .expect("the chat's id")
        .to_owned();
    let (status, body) = server
        .send(
            reqwest::Method::PATCH,
            &lena.token,
            &format!("/api/v1/conversations/{chat}"),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let rated = tokio::task::spawn_blocking(move || customer.wait())
        .await
        .unwrap()
        .expect("the customer's browser");
    assert!(rated.success(), "the customer rated in the widget");
    desk.until("the rating in the window", || async {
        number_in(&desk, ratings).await == ratings_before + 1
    })
    .await;
    if ratings_before == 0 {
        assert_eq!(
            desk.texts("[data-testid=stat-satisfaction] .value")
                .await
                .concat(),
            "5.0 ★"
        );
    }
    assert!(
        !desk
            .all("[data-testid=team-stats-chart] canvas")
            .await
            .is_empty(),
        "the per-hour chart is drawn"
    );
    assert!(
        desk.texts(&testid("team-stats-agents"))
            .await
            .concat()
            .contains("Lena Vogel"),
        "each agent is listed"
    );
    desk.screenshot("team-stats").await;

    // The reports, exported to XLSX and read back with openpyxl: the agent
    // table holds what the desk shows (acceptance 4).
    desk.click(&testid("team-tab-reports")).await;
    desk.until("the agent performance table", || async {
        !desk.all(&testid("reports-agent")).await.is_empty()
    })
    .await;
    let shown = agent_rows(&desk).await;
    desk.click(&testid("export-xlsx")).await;
    desk.until("the export saved", || async {
        desk.texts(&testid("export-saved"))
            .await
            .concat()
            .starts_with("Saved to ")
    })
    .await;
    let saved = desk.texts(&testid("export-saved")).await.concat();
    let path = saved.trim().strip_prefix("Saved to ").unwrap().to_owned();
    assert!(path.ends_with(".xlsx"), "{path}");
    let python = std::env::var("FIIDO_TOOLS").unwrap_or_else(|_| "/var/cache/fiido-tools".into())
        + "/openpyxl/bin/python";
    let read = std::process::Command::new(python)
        .args([
            "-c",
            "import json, sys, openpyxl\n\
             book = openpyxl.load_workbook(sys.argv[1], read_only=True)\n\
             print(json.dumps({'sheets': book.sheetnames, 'agents': [[c for c in r] for r in book['Agents'].iter_rows(min_row=2, values_only=True)]}))",
            &path,
        ])
        .output()
        .expect("run openpyxl");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(
        book["sheets"],
        json!(["Agents", "Quality", "Business", "Tickets"])
    );
    let from_file: Vec<Vec<String>> = book["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            // Rank, agent, answered first, closed: as the desk shows them.
            row.as_array().unwrap()[..4]
                .iter()
                .map(|c| match c {
                    serde_json::Value::Number(n) => format!("{}", n.as_f64().unwrap()),
                    other => other.as_str().unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .collect();
    assert_eq!(from_file, shown, "the file holds the table the desk shows");
    let _ = std::fs::remove_file(&path);
    desk.screenshot("team-reports").await;
    desk.switch_to_window("").await;
    desk.close().await;
}

/// Rank, agent, answered first and closed of each row of the desk's agent
/// performance table, numbers as openpyxl reads them back.
async fn agent_rows(desk: &Desk) -> Vec<Vec<String>> {
    let cells = desk
        .page_strings(
            "return Array.from(document.querySelectorAll(arguments[0])).map((r) => \
               Array.from(r.children).slice(0, 4).map((c) => c.textContent.trim()).join('\\t'));",
            "[data-testid=reports-agent]",
        )
        .await;
    cells
        .iter()
        .map(|row| {
            row.split('\t')
                .enumerate()
                .map(|(i, c)| match i {
                    1 => c.to_owned(),
                    _ => format!("{}", c.parse::<f64>().unwrap()),
                })
                .collect()
        })
        .collect()
}
