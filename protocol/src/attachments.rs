//! Files in conversations (MSG-3): images, PDFs, spreadsheets and ZIP
//! archives, from agents and customers alike. What a file is comes from its
//! bytes (`infer` reads the signature), never from its name or the declared
//! type; a name that claims another type is refused too, so an `.exe`
//! renamed `.pdf` never reaches anyone. Both sides call `check`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorCode};

/// Largest file, in bytes (10 MB).
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1000 * 1000;
/// Longest file name, in characters.
pub const ATTACHMENT_NAME_MAX_CHARS: usize = 200;

/// The file types allowed, by the type their bytes show, with the name
/// extensions each may carry.
pub const ATTACHMENT_TYPES: [(&str, &[&str]); 7] = [
    ("image/png", &["png"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/gif", &["gif"]),
    ("image/webp", &["webp"]),
    ("application/pdf", &["pdf"]),
    ("application/zip", &["zip"]),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
    ),
];

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Attachment {
    /// Download it from `/api/v1/attachments/{id}` (agents) or
    /// `/api/v1/widget/attachments/{id}` (the customer).
    pub id: String,
    pub name: String,
    /// What its bytes are, e.g. `application/pdf`.
    pub content_type: String,
    pub size: i64,
}

/// A file name reduced to its last part, checked.
fn clean_name(name: &str) -> Result<String, ApiError> {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if base.is_empty() || base.chars().any(char::is_control) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "name",
            "give the file a name",
        ));
    }
    if base.chars().count() > ATTACHMENT_NAME_MAX_CHARS {
        return Err(ApiError::field(
            ErrorCode::TooLarge,
            "name",
            format!("a file name is at most {ATTACHMENT_NAME_MAX_CHARS} characters"),
        ));
    }
    Ok(base)
}

/// The image type of a file's bytes, when it is one the desk and the widget
/// show inline (a thumbnail instead of a file chip).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let sniffed = infer::get(bytes)?.mime_type();
    ATTACHMENT_TYPES
        .iter()
        .map(|(t, _)| *t)
        .find(|t| *t == sniffed && t.starts_with("image/"))
}

/// Checks a file before it is stored or sent: not empty, not too large, an
/// allowed type by its bytes, and a name that does not claim another type.
/// Returns the cleaned name and the content type.
pub fn check(name: &str, bytes: &[u8]) -> Result<(String, &'static str), ApiError> {
    let name = clean_name(name)?;
    if bytes.is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "file",
            format!("{name} is empty"),
        ));
    }
    if bytes.len() > ATTACHMENT_MAX_BYTES {
        return Err(ApiError::field(
            ErrorCode::TooLarge,
            "file",
            format!(
                "{name} is {:.1} MB; files may be up to {} MB",
                bytes.len() as f64 / 1e6,
                ATTACHMENT_MAX_BYTES / 1_000_000
            ),
        ));
    }
    let sniffed = infer::get(bytes).map(|t| t.mime_type());
    let Some((content_type, extensions)) =
        ATTACHMENT_TYPES.iter().find(|(t, _)| Some(*t) == sniffed)
    else {
        return Err(ApiError::field(
            ErrorCode::UnsupportedMediaType,
            "file",
            format!(
                "{name} is {}: send images, PDF, XLSX or ZIP files",
                sniffed.unwrap_or("of an unknown type")
            ),
        ));
    };
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions.contains(&extension.as_str()) {
        return Err(ApiError::field(
            ErrorCode::UnsupportedMediaType,
            "name",
            format!("{name} is named .{extension} but its content is {content_type}"),
        ));
    }
    Ok((name, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] =
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

    #[test]
    fn a_real_pdf_passes_with_its_name_cleaned() {
        assert_eq!(
            check("C:\\Users\\me\\invoice.PDF", PDF).unwrap(),
            ("invoice.PDF".to_owned(), "application/pdf")
        );
    }

    #[test]
    fn an_exe_renamed_pdf_is_refused_by_its_bytes() {
        let e = check("invoice.pdf", EXE).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedMediaType);
        assert!(
            e.message
                .contains("application/vnd.microsoft.portable-executable")
                || e.message.contains("x-msdownload"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_pdf_named_otherwise_empty_and_oversized_files_are_refused() {
        assert_eq!(
            check("photo.png", PDF).unwrap_err().field.as_deref(),
            Some("name")
        );
        let empty = check("a.pdf", b"").unwrap_err();
        assert_eq!(
            (empty.code, empty.field.as_deref()),
            (ErrorCode::ValidationFailed, Some("file"))
        );
        let mut big = PDF.to_vec();
        big.resize(ATTACHMENT_MAX_BYTES + 1, b' ');
        assert_eq!(
            check("big.pdf", &big).unwrap_err().code,
            ErrorCode::TooLarge
        );
        assert_eq!(
            check("   ", PDF).unwrap_err().field.as_deref(),
            Some("name")
        );
    }
}
