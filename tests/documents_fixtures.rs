//! The OCR and documents stages inside `dossier screen`, on a bundled clean application
//! (small 900–1100 px photos, so only what reads with a wide margin is asserted): every
//! upload gets its true type, and the fields of the sharpest documents (the ID card, the
//! licence's credit code, the permit's J-number) are read exactly, with regions inside
//! the photo.

mod util;

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

#[test]
fn a_clean_application_is_typed_and_its_key_fields_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = root.join("fixtures/apps/app-00000");
    let (reports, output) = util::screen(&app, &["--as-of", "2026-11-28", "--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(app.join("truth.json")).unwrap()).unwrap();
    let truth_by_file: HashMap<&str, &Value> = truth["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d))
        .collect();

    let documents = reports[0]["documents"].as_array().unwrap();
    assert_eq!(documents.len(), truth_by_file.len());
    for document in documents {
        let expected = truth_by_file[document["file"].as_str().unwrap()];
        assert_eq!(document["type"], expected["type"], "{}", document["file"]);
    }

    let field = |doc_type: &str, key: &str| -> (Value, Value) {
        let read = documents.iter().find(|d| d["type"] == doc_type).unwrap();
        let expected = truth["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["type"] == doc_type)
            .unwrap();
        (read["fields"][key].clone(), expected["fields"][key].clone())
    };
    for (doc_type, key) in [
        ("id_card_front", "id_number"),
        ("id_card_front", "name"),
        ("id_card_front", "birth_date"),
        ("id_card_back", "valid_to"),
        ("business_license", "credit_code"),
        ("bank_permit", "approval_number"),
        ("vat_special_invoice", "invoice_number"),
    ] {
        let (read, expected) = field(doc_type, key);
        assert_eq!(read["value"], expected, "{doc_type}.{key}: {read}");
        let region = read["region"].as_array().unwrap();
        let (x, w) = (region[0].as_u64().unwrap(), region[2].as_u64().unwrap());
        assert!(w > 0 && x + w <= 1200, "{doc_type}.{key}: {region:?}");
    }
}
