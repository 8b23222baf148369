//! Reports written to files (STAT-3, STAT-4, TKT-5): XLSX with one sheet
//! per report (rust_xlsxwriter), CSV of the agent performance table (csv).
//! The figures are the server's, exactly as the desk shows them: times in
//! seconds or minutes as numbers, percentages with one decimal.

use std::path::Path;

use fiido_protocol::stats::{Figures, Reports};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{storage, DeskResult};

/// The agent performance table's columns, in the desk's and the files' order.
pub const AGENT_COLUMNS: [&str; 10] = [
    "Rank",
    "Agent",
    "Answered first",
    "Closed",
    "Avg first response (s)",
    "Avg handling (min)",
    "Satisfaction",
    "Ratings",
    "Converted",
    "Within 30 s",
];

/// The file a report of `from`..`to` is saved as, e.g.
/// `Fiido reports 2026-11-01 to 2026-11-30.xlsx` (days in UTC).
pub fn file_name(from: i64, to: i64, extension: &str) -> String {
    let day = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    format!("Fiido reports {} to {}.{extension}", day(from), day(to - 1))
}

/// A cell of a row: text or number (blank when there is no figure).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Blank,
}

/// Seconds, rounded, of an average in ms.
fn seconds(ms: Option<i64>) -> Cell {
    ms.map_or(Cell::Blank, |ms| Cell::Number((ms as f64 / 1000.0).round()))
}

/// Minutes with one decimal, of an average in ms.
fn minutes(ms: Option<i64>) -> Cell {
    ms.map_or(Cell::Blank, |ms| {
        Cell::Number((ms as f64 / 6_000.0).round() / 10.0)
    })
}

fn one_decimal(value: Option<f64>) -> Cell {
    value.map_or(Cell::Blank, |v| Cell::Number((v * 10.0).round() / 10.0))
}

/// The cells of one agent line (after rank and name).
fn figure_cells(f: &Figures) -> Vec<Cell> {
    vec![
        Cell::Number(f.requests as f64),
        Cell::Number(f.closed as f64),
        seconds(f.avg_first_response_ms),
        minutes(f.avg_handling_ms),
        one_decimal(f.satisfaction),
        Cell::Number(f.ratings as f64),
        Cell::Number(f.converted as f64),
        Cell::Number(f.answered_within_target as f64),
    ]
}

/// The agent performance table, one row per agent, as the desk shows it.
pub fn agent_rows(r: &Reports) -> Vec<Vec<Cell>> {
    r.agents
        .iter()
        .map(|a| {
            let mut row = vec![Cell::Number(a.rank as f64), Cell::Text(a.name.clone())];
            row.extend(figure_cells(&a.figures));
            row
        })
        .collect()
}

/// Writes the agent performance table as CSV.
pub fn write_csv(r: &Reports, path: &Path) -> DeskResult<()> {
    let mut out = csv::Writer::from_path(path).map_err(storage)?;
    out.write_record(AGENT_COLUMNS).map_err(storage)?;
    for row in agent_rows(r) {
        let texts: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Blank => String::new(),
            })
            .collect();
        out.write_record(&texts).map_err(storage)?;
    }
    out.flush().map_err(storage)
}

/// Fills one sheet of the workbook from the reports.
type Sheet = fn(&Reports, &mut Worksheet, &Format) -> Result<(), XlsxError>;

/// The workbook's sheets, in order.
const SHEETS: [(&str, Sheet); 4] = [
    ("Agents", agents_sheet),
    ("Quality", quality_sheet),
    ("Business", business_sheet),
    ("Tickets", tickets_sheet),
];

/// Writes every report into an XLSX workbook, one sheet each; `progress`
/// hears how many of the sheets are written.
pub fn write_xlsx(r: &Reports, path: &Path, mut progress: impl FnMut(u32, u32)) -> DeskResult<()> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let total = SHEETS.len() as u32;
    for (done, (name, fill)) in SHEETS.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(*name).map_err(storage)?;
        fill(r, ws, &bold).map_err(storage)?;
        progress(done as u32 + 1, total);
    }
    book.save(path).map_err(storage)
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[Cell]) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Text(t) => {
                ws.write(row, col, t.as_str())?;
            }
            Cell::Number(n) => {
                ws.write(row, col, *n)?;
            }
            Cell::Blank => {}
        }
    }
    Ok(())
}

fn header(ws: &mut Worksheet, row: u32, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        ws.write_with_format(row, col as u16, *name, bold)?;
    }
    Ok(())
}

fn agents_sheet(r: &Reports, ws: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
    header(ws, 0, &AGENT_COLUMNS, bold)?;
    for (i, row) in agent_rows(r).iter().enumerate() {
        write_row(ws, i as u32 + 1, row)?;
    }
    ws.set_column_width(1, 22)?;
    Ok(())
}

fn quality_sheet(r: &Reports, ws: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
    header(ws, 0, &["Figure", "Value"], bold)?;
    let f = &r.figures;
    let rows = [
        ("Conversations", Cell::Number(f.requests as f64)),
        ("Answered", Cell::Number(f.answered as f64)),
        ("Avg first response (s)", seconds(f.avg_first_response_ms)),
        ("Answered within 30 s (%)", one_decimal(r.within_target_pct)),
        ("Closed", Cell::Number(f.closed as f64)),
        ("Resolution rate (%)", one_decimal(r.resolution_pct)),
        ("Avg handling (min)", minutes(f.avg_handling_ms)),
        ("Satisfaction", one_decimal(f.satisfaction)),
        ("Ratings", Cell::Number(f.ratings as f64)),
    ];
    for (i, (name, value)) in rows.into_iter().enumerate() {
        write_row(ws, i as u32 + 1, &[Cell::Text(name.into()), value])?;
    }
    ws.set_column_width(0, 26)?;
    Ok(())
}

fn business_sheet(r: &Reports, ws: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
    header(ws, 0, &["Source", "Conversations"], bold)?;
    let mut row = 1;
    for s in &r.sources {
        write_row(
            ws,
            row,
            &[
                Cell::Text(s.source.clone()),
                Cell::Number(s.requests as f64),
            ],
        )?;
        row += 1;
    }
    row += 1;
    header(ws, row, &["Funnel", "Count"], bold)?;
    let funnel = [
        ("Consultations", Cell::Number(r.funnel_consults as f64)),
        (
            "Carts",
            r.funnel_carts
                .map_or(Cell::Blank, |n| Cell::Number(n as f64)),
        ),
        ("Orders", Cell::Number(r.funnel_orders as f64)),
    ];
    for (name, value) in funnel {
        row += 1;
        write_row(ws, row, &[Cell::Text(name.into()), value])?;
    }
    row += 2;
    header(ws, row, &["Top question", "Times"], bold)?;
    for q in &r.top_questions {
        row += 1;
        write_row(
            ws,
            row,
            &[Cell::Text(q.text.clone()), Cell::Number(q.count as f64)],
        )?;
    }
    row += 2;
    header(ws, row, &["Most used article", "Uses"], bold)?;
    for a in &r.top_articles {
        row += 1;
        write_row(
            ws,
            row,
            &[Cell::Text(a.title.clone()), Cell::Number(a.uses as f64)],
        )?;
    }
    row += 2;
    ws.write_with_format(row, 0, "Weekday \\ hour", bold)?;
    for hour in 0..24u16 {
        ws.write_with_format(row, hour + 1, hour, bold)?;
    }
    for (day, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        row += 1;
        ws.write(row, 0, *name)?;
        if let Some(counts) = r.heat_map.get(day) {
            for (hour, n) in counts.iter().enumerate() {
                ws.write(row, hour as u16 + 1, *n as f64)?;
            }
        }
    }
    ws.set_column_width(0, 40)?;
    Ok(())
}

fn tickets_sheet(r: &Reports, ws: &mut Worksheet, bold: &Format) -> Result<(), XlsxError> {
    header(
        ws,
        0,
        &[
            "Kind",
            "Opened",
            "Share (%)",
            "Resolved",
            "Avg handling (h)",
            "Within SLA",
            "Repeats",
        ],
        bold,
    )?;
    for (i, t) in r.tickets.iter().enumerate() {
        let hours = t.avg_handling_ms.map_or(Cell::Blank, |ms| {
            Cell::Number((ms as f64 / 360_000.0).round() / 10.0)
        });
        write_row(
            ws,
            i as u32 + 1,
            &[
                Cell::Text(t.kind.template().label),
                Cell::Number(t.opened as f64),
                one_decimal(Some(t.share_pct)),
                Cell::Number(t.resolved as f64),
                hours,
                Cell::Number(t.within_sla as f64),
                Cell::Number(t.repeats as f64),
            ],
        )?;
    }
    ws.set_column_width(0, 18)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiido_protocol::stats::AgentPerformance;

    fn report() -> Reports {
        Reports {
            from: 0,
            to: 86_400_000,
            store_id: None,
            figures: Figures::default(),
            agents: vec![AgentPerformance {
                rank: 1,
                agent_id: "a".into(),
                name: "Lena, \"the fast\"".into(),
                figures: Figures {
                    requests: 2,
                    answered: 2,
                    avg_first_response_ms: Some(75_000),
                    closed: 2,
                    avg_handling_ms: Some(1_200_000),
                    ratings: 2,
                    satisfaction: Some(4.0),
                    ..Figures::default()
                },
            }],
            resolution_pct: None,
            within_target_pct: None,
            sources: Vec::new(),
            heat_map: vec![vec![0; 24]; 7],
            top_questions: Vec::new(),
            funnel_consults: 0,
            funnel_carts: None,
            funnel_orders: 0,
            tickets: Vec::new(),
            top_articles: Vec::new(),
        }
    }

    #[test]
    fn the_csv_holds_the_agent_table_quoted_and_the_xlsx_writes_every_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let csv_path = dir.path().join("r.csv");
        write_csv(&report(), &csv_path).unwrap();
        let text = std::fs::read_to_string(&csv_path).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next().unwrap(), AGENT_COLUMNS.join(","));
        assert_eq!(
            lines.next().unwrap(),
            r#"1,"Lena, ""the fast""",2,2,75,20,4,2,0,0"#
        );
        let mut seen = Vec::new();
        write_xlsx(&report(), &dir.path().join("r.xlsx"), |done, total| {
            seen.push((done, total))
        })
        .unwrap();
        assert_eq!(seen, [(1, 4), (2, 4), (3, 4), (4, 4)]);
        assert!(std::fs::metadata(dir.path().join("r.xlsx")).unwrap().len() > 1000);
        assert_eq!(
            file_name(1_764_547_200_000, 1_764_547_200_000 + 86_400_000, "csv"),
            "Fiido reports 2025-12-01 to 2025-12-01.csv"
        );
    }
}
